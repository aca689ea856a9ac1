"""Where a line may break inside a word, so that a break never changes the word.

ReportLab breaks at spaces, and inside a word through its hyphenation hooks: pyphen points
(a hyphen is added), the hyphen of a compound and a URL after "/" (nothing is added) and, as
a last resort, any character (nothing is added). These faults follow, all seen in print:

- a paragraph wrapped a second time (a layout pass, a table measuring its cells, the rest of a
  paragraph split across pages) rejoins the pieces of a split word with ``rstrip('-')``, so a
  compound broken at its own hyphen, "open-" + "label", comes back as "openlabel";
- pyphen offers "self" + "-reported", which prints "self-" / "-reported";
- DOIs never break, and URLs only after "/", else at any character.

So leafwright decides every break that adds nothing itself, before ReportLab sees the words:
a compound of letters breaks only after its own hyphen or dash, a URL or DOI after "/", "."
and "-" (and "?", "&", "=", "#"). Each such word reaches ReportLab already cut into pieces
with no space between them; the pieces are marked ``nobr`` so ReportLab hyphenates none of
them. Plain words are hyphenated with pyphen, only at its points (see `Hyphenator`), and
words are never cut at an arbitrary character (``splitLongWords`` is off): a word wider than
its column is reported by the caller instead. Pieces ReportLab split on an earlier wrap are
rejoined here, taking off only the hyphen ReportLab added.

This leans on ReportLab's fragment-word lists, which are private (written against 5.1); the
invariant test tests/layout/test_words_survive.py fails if a ReportLab release changes them.
Hand-written rather than a library: no line breaker plugs into ReportLab's paragraphs.
"""

from __future__ import annotations

import re

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as rl
from reportlab.platypus.paragraph import Paragraph

_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.|doi:|10\.\d{4,9}/)", re.I)
_URL_BREAK_AFTER = "/.-?&=#"
_COMPOUND_BREAK_AFTER = "-\u2013\u2014"  # hyphen, en dash, em dash
_NUMBER = re.compile(r"[\d.,\u2009\u202f]+")
# What a word with a break point of its own holds: a compound's dash, or a URL's or DOI's start
_MAY_BREAK = re.compile(f"[{_COMPOUND_BREAK_AFTER}]|{_URL.pattern}", re.I)
_LEAD = "([{<\"'\u2018\u201c"
_TRAIL = ")]}>\"'.,;:!?\u2019\u201d"


def break_points(word: str) -> list[int]:
    """Offsets in `word` after which a line may break with nothing added."""
    core_start = len(word) - len(word.lstrip(_LEAD))
    core_end = len(word.rstrip(_TRAIL))
    core = word[core_start:core_end]
    if _URL.match(core):
        cuts = [i + 1 for i, c in enumerate(core) if c in _URL_BREAK_AFTER
                and (i + 1 >= len(core) or core[i + 1] != "/")  # "https://" breaks after both slashes
                and any(ch.isalnum() for ch in core[i + 1:])]
    else:
        cuts = [i + 1 for i, c in enumerate(core) if c in _COMPOUND_BREAK_AFTER
                and i >= 2 and core[i - 1].isalpha() and core[i - 2].isalpha()
                and i + 2 < len(core) and core[i + 1].isalpha() and core[i + 2].isalpha()]
    return [core_start + c for c in cuts if 0 < c < len(core)]


class Hyphenator:
    """pyphen's points for a plain word of letters; none inside a compound (it breaks at its
    own hyphen). Immutable, so a style deep-copied by ReportLab shares it."""

    def __init__(self, lang: str = "en_US"):
        import pyphen

        from .hyphdict import preload

        preload(lang)  # the parsed patterns from the cache: parsing them costs more than the layout
        self._dic = pyphen.Pyphen(lang=lang, left=2, right=3)

    def __call__(self, word: str):
        if "-" in word or "\xad" in word:
            return []
        return [(h, t) for h, t in self._dic.iterate(word) if h[-1].isalpha() and t[:1].isalpha()]

    def __deepcopy__(self, memo):
        return self


class WordParagraph(Paragraph):
    """A Paragraph whose line breaks keep every word as written (see the module docstring)."""

    _parsed: list | None = None  # the words as parsed, kept on the first wrap

    def breakLines(self, width):
        """Each wrap starts from the words as parsed (kept on the first wrap); the parts of a
        split, which have only ReportLab's pieces, start from those pieces joined again."""
        if self._parsed is None and not rl._processed_frags(self.frags):
            self._parsed = self.frags
        frags = self._parsed if self._parsed is not None else self.frags
        widths = width if isinstance(width, (list, tuple)) else [width]
        self.frags = _cut(_whole_words(frags, widths[0]), max(widths))
        return super().breakLines(width)

    def split(self, availWidth, availHeight):
        """ReportLab marks the last word of the first part "ends with its hyphen" by changing
        the class of the word it shares with this paragraph; a later wrap of this paragraph
        would then print "re- nal". The parts get copies instead."""
        frags = self.frags
        self.frags = [type(fw)(fw) if isinstance(fw, list) else fw for fw in frags]
        try:
            return super().split(availWidth, availHeight)
        finally:
            self.frags = frags


def _whole_words(frags, width: float) -> list:
    """ReportLab's fragment words, each whole: pieces of an earlier wrap are joined again."""
    if not rl._processed_frags(frags):
        return rl._getFragWords(frags, width)
    out, pieces = [], []
    for fw in frags:
        if isinstance(fw, rl._InjectedFrag):
            continue
        if isinstance(fw, rl._SplitFrag):
            pieces.append(fw)
            if isinstance(fw, rl._HSFrag):
                out.append(_join(pieces))
                pieces = []
            continue
        if pieces:
            out.append(_join(pieces))
            pieces = []
        out.append(fw)
    if pieces:
        out.append(_join(pieces))
    return out


def _join(pieces: list) -> list:
    """One word from the pieces a wrap split it into, less the one hyphen hyphenation added."""
    items: list = []
    for piece in pieces:
        part = list(piece[1:])
        if isinstance(piece, rl._SplitFragHY) and part and part[-1][1].endswith("-"):
            f, t = part[-1]
            part[-1] = (f, _shy_text(t[:-1], t))
        for f, t in part:
            if items and items[-1][0] is f and t:
                items[-1] = (f, _shy_concat(items[-1][1], t))
            else:
                items.append((f, t))
    width = sum(stringWidth(t, f.fontName, f.fontSize) for f, t in items if t)
    last = pieces[-1]
    if isinstance(last, rl._SHYWord):
        cls = rl._SHYWordHS if isinstance(last, rl._HSFrag) else rl._SHYWord
    else:
        cls = rl._HSFrag if isinstance(last, rl._HSFrag) else list
    return cls([width] + items)


def _shy_text(text: str, like: str) -> str:
    """`text` keeping the soft-hyphen points of `like` (a cut copy of it) that still fall in it."""
    if isinstance(like, rl._SHYIndexedStr):
        return rl._SHYIndexedStr(text, [x for x in like._shyIndices if x < len(text)])
    return text


def _shy_concat(a: str, b: str) -> str:
    xa = getattr(a, "_shyIndices", None)
    xb = getattr(b, "_shyIndices", None)
    if xa is None and xb is None:
        return a + b
    return rl._SHYIndexedStr(a + b, list(xa or []) + [len(a) + x for x in (xb or [])])


def _cut(words: list, line: float) -> list:
    out = []
    for fw in words:
        out.extend(_pieces(fw, line))
    return out


def _pieces(fw, line: float) -> list:
    """A compound, URL or DOI as pieces with no space between them: a line may end after any.
    So may a number too long for a whole line (10^400), as a typesetter breaks one: after a
    group separator, or between any two digits when it has none; and a superscript group too
    long for a line, after one of its commas."""
    if isinstance(fw, (rl._SHYWord, rl._SplitFrag)) or len(fw) < 2:
        return [fw]
    items = fw[1:]
    if any(getattr(f, "cbDefn", None) is not None and getattr(f.cbDefn, "width", 0) for f, _ in items):
        return [fw]
    text = "".join(t for _, t in items)
    if fw[0] <= line and not _MAY_BREAK.search(text):
        return [fw]  # most words: no break point of their own, and not wider than a line
    if fw[0] > line and _NUMBER.fullmatch(text):  # after a group separator, else any digit
        cuts = {i + 1 for i, c in enumerate(text[:-1]) if c in ",\u2009\u202f"} \
            or set(range(1, len(text)))
        return _split_at(fw, items, cuts)
    raised = [bool(getattr(f, "rise", 0)) for f, t in items for _ in t]
    # never between a word and the superscript or subscript that follows it
    cuts = {c for c in break_points(text) if not (raised[c - 1] or raised[c])}
    if fw[0] > line and not cuts:  # markers wider than a line ("*,†,‡,§,…") break after a comma
        cuts |= {i + 1 for i, c in enumerate(text[:-1]) if c == "," and raised[i] and raised[i + 1]}
    return _split_at(fw, items, cuts) if cuts else [fw]


def _split_at(fw, items, cuts: set) -> list:
    pieces: list[list] = [[]]
    nobr: dict[int, object] = {}
    pos = 0
    for f, t in items:
        g = nobr.get(id(f))
        if g is None:
            g = nobr[id(f)] = f.clone(nobr=True)
        start = 0
        for i in range(1, len(t) + 1):
            if pos + i in cuts or i == len(t):
                seg = t[start:i]
                if seg:
                    pieces[-1].append((g, seg))
                if pos + i in cuts:
                    pieces.append([])
                start = i
        if not t:
            (pieces[-1] if pieces[-1] or len(pieces) == 1 else pieces[-2]).append((g, t))
        pos += len(t)
    pieces = [p for p in pieces if p]
    out = []
    for n, items in enumerate(pieces):
        cls = type(fw) if n == len(pieces) - 1 else list
        out.append(cls([sum(stringWidth(t, f.fontName, f.fontSize) for f, t in items if t)] + items))
    return out
