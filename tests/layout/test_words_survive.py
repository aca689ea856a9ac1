"""Line breaks never change words: the invariant, over a sweep of column widths.

Every paragraph leafwright lays out for the seed and the full fixture (as themed, and with
every style justified so pyphen hyphenates), and paragraphs hypothesis writes from hyphenated
compounds, long words, URLs, DOIs and no-break spaces, is wrapped at one width after another
(as layout passes and tables do), split across two "pages", drawn, and read back with
pdfium. The words read back must be the words given to it: a line-final hyphen may join
the next line only where the word had that hyphen, or where pyphen has a point (then the
hyphen was added); a URL or DOI may continue after "/", ".", "-" with nothing added; nothing
breaks at a no-break space.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pyphen
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, Table

from leafwright.layout.blocks import Ctx, build_blocks
from leafwright.layout.linebreak import break_points
from leafwright.layout.pages import FooterCanvas
from leafwright.layout.problems import LayoutProblem
from leafwright.layout.styles import Styles
from leafwright.load.publication import load_publication
from leafwright.resolve import document as d
from leafwright.resolve.resolver import resolve_publication
from leafwright.variants import get_variant
from tests.conftest import CONTENT, ROOT
from tests.readback import printed_chars

pytestmark = pytest.mark.start_first  # every paragraph of two publications at five widths

WIDTHS = (118, 161, 233, 347, 540)
PAGE_H = 14000
_PYPHEN = pyphen.Pyphen(lang="en_US")
_LEAD = "([{<\"'\u2018\u201c"
_TRAIL = ")]}>\"'.,;:!?\u2019\u201d"
_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.|doi:|10\.\d{4,9}/)", re.I)


def content_words(text: str) -> list[str]:
    return [w for w in re.split(r"[ \t\r\n]+", text) if w]  # a no-break space joins, never splits


def _hyphenation_point(word: str, at: int) -> bool:
    """Whether pyphen would hyphenate `word` (punctuation aside) between at-1 and at."""
    lead = len(word) - len(word.lstrip(_LEAD))
    core = word[lead:len(word.rstrip(_TRAIL))]
    i = at - lead
    return 0 < i < len(core) and core[i - 1].isalpha() and core[i].isalpha() \
        and i in _PYPHEN.positions(core)


def _continues(word: str, head: str) -> bool:
    """Whether a line may end after `head` inside `word` with nothing added."""
    lead = len(word) - len(word.lstrip(_LEAD))
    if _URL.match(word[lead:]):
        return head[-1] in "/.-?&=#"
    return head[-1] in "-\u2013\u2014"


def word_faults(expected: str, lines: list[str]) -> list[str]:
    """How the printed lines differ from the words they were given (empty when they do not)."""
    words = content_words(expected)
    tokens = [(tok, n == len(line.split(" ")) - 1)
              for line in lines for n, tok in enumerate(line.split(" ")) if tok]
    faults, i = [], 0
    # A no-break space prints as a space: its two sides are words that must share a line.
    parts = [(part, k > 0) for word in words for k, part in enumerate(word.split("\xa0")) if part]
    for word, glued in parts:
        if glued and i and tokens[i - 1][1]:
            return faults + [f"a line broke at the no-break space before {word!r}"]
        if i >= len(tokens):
            return faults + [f"missing from {word!r} on"]
        acc, j = tokens[i][0], i
        while acc != word:
            nxt = tokens[j + 1][0] if tokens[j][1] and j + 1 < len(tokens) else None
            starts = (lambda s: word.startswith(s) or (s.endswith("-") and word.startswith(s[:-1])))
            if nxt is not None and starts(acc + nxt) and _continues(word, acc):
                acc += nxt
            elif nxt is not None and acc.endswith("-") and starts(acc[:-1] + nxt) \
                    and _hyphenation_point(word, len(acc) - 1):
                acc = acc[:-1] + nxt
            else:
                return faults + [f"{word!r} printed as {' / '.join(t for t, _ in tokens[i:j + 2])!r}"]
            j += 1
        i = j + 1
    if i < len(tokens):
        faults.append(f"extra words {[t for t, _ in tokens[i:]]}")
    return faults


def paragraphs_of(flowables):
    """Every Paragraph in a story, in tables, panels, columns and kept groups too."""
    for f in flowables:
        if isinstance(f, Paragraph):
            yield f
        elif isinstance(f, Table):
            for row in f._cellvalues:
                for cell in row:
                    yield from paragraphs_of(cell if isinstance(cell, (list, tuple)) else [cell])
        elif isinstance(f, KeepTogether):
            yield from paragraphs_of(f._content)
        elif hasattr(f, "flowables"):  # the notes and references block held at the foot
            yield from paragraphs_of(f.flowables)


def expected_text(p: Paragraph) -> str:
    """What the paragraph was given, read before any wrap touched it (bullet first)."""
    text = "".join(getattr(f, "text", "") for f in p.frags)
    return f"{p.bulletText} {text}" if p.bulletText else text


class _Sheet(Canvas):
    """The note and reference anchors the screen links point to are not on this sheet."""

    def showPage(self):
        FooterCanvas._bind_dangling(self)
        super().showPage()


def sweep(paragraphs: list[Paragraph], widths=WIDTHS) -> tuple[list[str], int]:
    """Wrap each paragraph at each width in turn (the same object, as layout passes do), split
    the longer ones in two, draw, read back; the faults found and the number of checks made."""
    texts = [expected_text(p) for p in paragraphs]
    buf = io.BytesIO()
    canvas = _Sheet(buf, pagesize=(max(widths) + 40, PAGE_H))
    bands = []  # (page, width, paragraph index, top, bottom) in top-down y
    for page, width in enumerate(widths):
        y = PAGE_H - 20
        for n, p in enumerate(paragraphs):
            try:
                _, h = p.wrap(width, PAGE_H)
                lines = len(p.blPara.lines)
                parts = (p.split(width, h / 2) or [p]) if lines >= 4 else [p]
                sized = [(q, q.wrap(width, PAGE_H)[1]) for q in parts]
            except LayoutProblem:  # wider than its column: an error at build, not a broken word
                continue
            top = y
            for q, hq in sized:
                if y - hq < 20:
                    raise AssertionError("the sweep page is too short for this story")
                q.drawOn(canvas, 20, y - hq)
                y -= hq + 9  # a gap: the second part starts a new line, as on a new page
            bands.append((page, width, n, PAGE_H - top - 1, PAGE_H - y - 5))
            y -= 15
        canvas.showPage()
    canvas.save()
    buf.seek(0)
    faults = []
    found = [text_lines(chars) for chars in printed_chars(buf.getvalue())]
    for page, width, n, top, bottom in bands:
        lines = [text for y, text in found[page] if top <= y < bottom]
        faults += [f"at {width} pt: {f} in {texts[n][:60]!r}" for f in word_faults(texts[n], lines)]
    return faults, len(bands)


def text_lines(chars) -> list[tuple[float, str]]:
    """Lines of text as printed: a superscript or subscript belongs to the line it sits on
    (its middle lies within that line's letters), a gap wider than an eighth of the type is a space."""
    lines: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2):
        mid = (c["top"] + c["bottom"]) / 2
        if lines and mid - lines[-1][-1]["mid"] < 0.45 * max(c["size"], lines[-1][-1]["size"]):
            lines[-1].append(dict(c, mid=mid))
        else:
            lines.append([dict(c, mid=mid)])
    out = []
    for line in lines:
        line.sort(key=lambda c: c["x0"])
        text, x = "", None
        for c in line:
            if x is not None and c["x0"] - x > 0.12 * c["size"] and not text.endswith(" "):
                text += " "
            text += c["text"]
            x = c["x1"]
        out.append((line[0]["top"], re.sub(" +", " ", text.replace("\xa0", " ")).strip()))
    return out


def _themed(theme, justify: bool):
    if not justify:
        return theme
    styles = {k: dict(v, align="justify") for k, v in theme.styles.items()}
    return replace(theme, styles=styles)


def story_paragraphs(folder, justify: bool) -> list[Paragraph]:
    pub, diags = load_publication(folder)
    assert pub is not None, diags
    docs, diags = resolve_publication(pub)
    styles = Styles(_themed(pub.theme, justify), get_variant("screen"))
    out = []
    for doc in docs:
        out += paragraphs_of(build_blocks(doc.blocks, Ctx(styles, 500)))
    return out


@pytest.mark.parametrize("folder", [CONTENT, ROOT / "tests" / "fixtures" / "full"], ids=["seed", "fixture"])
@pytest.mark.parametrize("justify", [False, True], ids=["themed", "justified"])
def test_words_of_the_seed_and_fixture_survive_every_width(folder, justify):
    paragraphs = story_paragraphs(folder, justify)
    faults, checked = sweep(paragraphs)
    assert not faults, "\n".join(faults[:20])
    assert checked >= 0.9 * len(paragraphs) * len(WIDTHS)  # only a rare word is wider than 118 pt


# --- generated paragraphs -------------------------------------------------------------------

_WORDS = ["pharmacokinetics", "immunohistochemistry", "interdisciplinary", "characterization",
          "recombinant", "interleukin", "metastatic", "melanoma", "carcinoma", "progression",
          "survival", "treatment", "patients", "response", "the", "of", "a", "in", "with",
          "Proleukin", "randomized", "multicenter", "nonrandomized", "outcomes", "reported"]
_plain = st.sampled_from(_WORDS)
_compound = st.builds(lambda parts, dash: dash.join(parts),
                      st.lists(st.sampled_from(_WORDS + ["open", "label", "high", "dose", "self", "free",
                                                         "long", "term", "first", "line", "based"]),
                               min_size=2, max_size=3), st.sampled_from(["-", "-", "\u2013", "\u2014"]))
_seg = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=9)
_url = st.builds(lambda host, parts, ext: f"https://www.{host}.org/" + "/".join(parts) + ext,
                 _seg, st.lists(st.builds("-".join, st.lists(_seg, min_size=1, max_size=3)),
                                min_size=1, max_size=4), st.sampled_from(["", ".html", "/", "?id=42&x=1"]))
_doi = st.builds(lambda reg, parts: f"doi:10.{reg}/" + "-".join(parts), st.integers(1000, 99999).map(str),
                 st.lists(_seg, min_size=1, max_size=4))
_nbsp = st.builds(lambda n, unit: f"{n}\xa0{unit}", st.integers(1, 999), st.sampled_from(["mg", "mg/m²", "IU/kg"]))
_punct = st.builds(lambda w, p: f"({w}){p}", _plain, st.sampled_from(["", ",", ".", ";"]))
_word = st.one_of(_plain, _plain, _compound, _url, _doi, _nbsp, _punct)


@st.composite
def rtexts(draw):
    """Words in runs, some italic, some followed by a superscript citation (no space between)."""
    words = draw(st.lists(_word, min_size=6, max_size=30))
    runs = []
    for n, word in enumerate(words):
        italic = draw(st.booleans())
        cite = draw(st.sampled_from(["", "", "", "3", "12,14"]))
        space = " " if n < len(words) - 1 else ""
        runs.append(d.Run(word + ("" if cite else space), styles=frozenset({"italic"} if italic else ())))
        if cite:
            runs.append(d.Run(cite, marks=True))
            runs.append(d.Run(space))
    return tuple(runs)


@pytest.fixture(scope="module")
def justified_styles():
    pub, _ = load_publication(CONTENT)
    return Styles(_themed(pub.theme, True), get_variant("screen"))


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts=st.lists(rtexts(), min_size=4, max_size=4))
def test_words_of_generated_paragraphs_survive_every_width(justified_styles, texts):
    ctx = Ctx(justified_styles, 500)
    paragraphs = [ctx.para(t, element) for t, element in zip(texts, ["body", "reference", "note", "table"])]
    faults, _ = sweep(paragraphs, (118, 187, 296))
    assert not faults, "\n".join(faults[:20])


@pytest.mark.parametrize("printed, expected, ok", [
    (["a phase 2, open-", "label study"], "a phase 2, open-label study", True),
    (["a phase 2, openla-", "bel study"], "a phase 2, open-label study", False),   # the hyphen lost
    (["a phase 2, open", "label study"], "a phase 2, open-label study", False),
    (["carci-", "noma today"], "carcinoma today", True),                           # pyphen's point
    (["carc-", "inoma today"], "carcinoma today", False),                          # not pyphen's
    (["self-", "-reported"], "self-reported", False),                              # a doubled hyphen
    (["doi:10.1136/", "jim-2020"], "doi:10.1136/jim-2020", True),
    (["doi:10.11", "36/jim-2020"], "doi:10.1136/jim-2020", False),                 # cut at any char
    (["progression-fre", "e"], "progression-free", False),
    (["10", "mg"], "10\xa0mg", False),                                             # broke at a no-break space
])
def test_the_check_itself_tells_a_changed_word(printed, expected, ok):
    assert (not word_faults(expected, printed)) == ok


def test_rewrapping_keeps_a_compound_broken_at_its_hyphen(justified_styles):
    """The printed fault: wrapped once at a width that broke after "open-", then again."""
    p = Ctx(justified_styles, 500).para((d.Run("A phase 2, "), d.Run("x", styles=frozenset({"italic"})),
                                          d.Run(" open-label study of dose"),), "reference")
    broke = [w for w in range(40, 200) if p.wrap(w, 1000) and
             "".join(f.text for f in p.blPara.lines[0].words).rstrip().endswith("open-")]
    assert broke, "no width breaks after 'open-'"
    for w in broke[:3]:
        p.wrap(w, 1000)
        p.wrap(w, 1000)
        lines = ["".join(f.text for f in ln.words) for ln in p.blPara.lines]
        assert not word_faults("A phase 2, x open-label study of dose", lines), lines


@pytest.mark.parametrize("word, pieces", [
    ("open-label", ["open-", "label"]),
    ("(self-reported),", ["(self-", "reported),"]),
    ("interleukin-2", ["interleukin-2"]),           # not between letters: no break
    ("X-ray", ["X-ray"]),                           # not after a single letter
    ("Kaplan\u2013Meier", ["Kaplan\u2013", "Meier"]),
    ("doi:10.1136/jim-2020-001650", ["doi:10.", "1136/", "jim-", "2020-", "001650"]),
    ("https://www.example.org/a-b/c.html.", ["https://", "www.", "example.", "org/", "a-", "b/", "c.", "html."]),
    ("10\xa0mg", ["10\xa0mg"]),
])
def test_where_a_word_may_break_with_nothing_added(word, pieces):
    cuts = [0] + break_points(word) + [len(word)]
    assert [word[a:b] for a, b in zip(cuts, cuts[1:])] == pieces
