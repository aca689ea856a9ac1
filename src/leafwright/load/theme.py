"""theme.yaml into a plain Theme; the built-in default is the same structure."""

from __future__ import annotations

import re
from pathlib import Path
from dataclasses import dataclass, field, replace
from typing import Optional

from ..colour import Cmyk, Colour, Dual, Rgb, Spot, black_screen
from ..diagnostics import Diagnostics, Span, did_you_mean, display_path
from .fonts import FontError, find_family, font_problem, packaged_source_sans
from .schema import Reader
from .yamlnodes import YList, YMap, YNode

PAGE_SIZES = {"letter": (612.0, 792.0), "a4": (595.2756, 841.8898), "a5": (419.5276, 595.2756),
              "legal": (612.0, 1008.0)}
STYLE_KEYS = ("size", "leading", "color", "weight", "space-before", "space-after", "align")
ELEMENTS = ("body", "title", "heading", "subheading", "bullet", "table", "table-header", "callout-value",
            "callout-label", "note", "reference", "footer", "chart", "panel-title")

def _style(size, leading=None, color="text", weight="regular", **kw):
    return {"size": size, "leading": leading or round(size * 1.25, 2), "color": color, "weight": weight, **kw}


HEADING_ELEMENTS = frozenset({"title", "heading", "subheading", "panel-title"})  # set in the heading font
FOOTER_FIELDS = ("code", "date", "title", "page", "pages")

DEFAULT_STYLES = {
    "body": _style(9.5, 12.5),
    "title": _style(22, 25, "white", "bold"),
    "heading": _style(13, 15.5, "brand", "bold", **{"space-before": 10, "space-after": 4}),
    "subheading": _style(10.5, 13, "brand", "bold", **{"space-before": 6, "space-after": 2}),
    "bullet": _style(9.5, 12.5),
    "table": _style(9, 11.5),
    "table-header": _style(9, 11.5, "white", "bold"),
    "callout-value": _style(26, 28, "accent", "bold"),
    "callout-label": _style(8.5, 10.5),
    "note": _style(6.8, 8.4, "muted"),
    "reference": _style(6.8, 8.4, "muted"),
    "footer": _style(6.5, 8, "muted"),
    "chart": _style(7.5, 9),
    "panel-title": _style(10, 12.5, "brand", "bold"),
}

DEFAULT_COLORS = {
    "brand": Cmyk(1.0, 0.7, 0.0, 0.2),
    "accent": Cmyk(0.85, 0.2, 0.0, 0.0),
    "text": Cmyk(0.0, 0.0, 0.0, 0.9),
    "muted": Cmyk(0.0, 0.0, 0.0, 0.65),
    "rule": Cmyk(0.0, 0.0, 0.0, 0.25),
    "tint": Cmyk(0.10, 0.04, 0.0, 0.0),
    "white": Cmyk(0.0, 0.0, 0.0, 0.0),
    "series1": Cmyk(1.0, 0.7, 0.0, 0.2),
    "series2": Cmyk(0.55, 0.1, 0.0, 0.0),
    "series3": Cmyk(0.0, 0.45, 0.9, 0.0),
}


@dataclass(frozen=True)
class Theme:
    page_size: tuple = PAGE_SIZES["letter"]
    margins: tuple = (36.0, 36.0, 36.0, 36.0)  # top, right, bottom, left
    bleed: float = 9.0
    crop_marks: bool = True
    colors: dict = field(default_factory=lambda: dict(DEFAULT_COLORS))
    fonts: dict = field(default_factory=lambda: {"body": "Source Sans Pro", "heading": "Source Sans Pro"})
    styles: dict = field(default_factory=lambda: {k: dict(v) for k, v in DEFAULT_STYLES.items()})
    footer: str = "{code} · {date} · Page {page} of {pages}"
    font_files: dict = field(default_factory=dict)  # family name -> {face: Path}, filled by the loader
    links: tuple = ("brand", False)  # the screen variant's links: colour name, underlined
    print_black: bool = True  # print: text in a screen of black prints as 100% K (`print-black: solid`)
    labels: tuple = ()  # `labels:` overrides of the built-in words: (locale or "", name, text)
    fallback: tuple = ()  # `fonts: {fallback: [...]}`: families for characters the body and heading fonts lack


_PART = r"\s*(\d+(?:\.\d+)?)\s*"
_CMYK = re.compile(rf"^cmyk\({_PART},{_PART},{_PART},{_PART}\)$")
_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")


_SPOT = re.compile(r"""^spot\(\s*(["'])(.+?)\1\s*,\s*(cmyk\(.*\))\s*\)$""")
_TINT = re.compile(r"^(.+?)\s+(\d+(?:\.\d+)?)%$")


def parse_color(text: str) -> Optional[Colour]:
    m = _SPOT.match(text.strip())
    if m:
        alternate = parse_color(m.group(3))  # a Cmyk: the pattern asks for cmyk(…)
        return Spot(m.group(2).strip(), alternate) if alternate and m.group(2).strip() else None
    m = _CMYK.match(text.strip())
    if m:
        parts = [float(x) for x in m.groups()]
        return Cmyk(*(p / 100 for p in parts)) if all(0 <= p <= 100 for p in parts) else None
    m = _HEX.match(text.strip())
    if m:
        h = m.group(1)
        return Rgb(*(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)))
    return None


def lookup_color(colors: dict, text: str) -> Optional[Colour]:
    """A theme colour by name, a colour written out, or either with a tint: `brand 40%`."""
    text = text.strip()
    found = colors.get(text) or parse_color(text)
    if found is None:
        m = _TINT.match(text)
        base = lookup_color(colors, m.group(1)) if m and 0 <= float(m.group(2)) <= 100 else None
        found = base.tint(float(m.group(2)) / 100) if base else None
    return found


def _color(r: Reader, diags: Diagnostics, node, colors: Optional[dict] = None) -> Optional[Colour]:
    text = r.text(node, "a colour") if node is not None else None
    color = lookup_color(colors or {}, text) if text else None
    if text and color is None:
        diags.error(node.span, f"'{text}' is not a colour; write cmyk(C, M, Y, K) in percent, #rrggbb, "
                               f"spot(\"NAME\", cmyk(C, M, Y, K)) or a colour with a tint (brand 40%)")
    return color


PAGE_KEYS = ("size", "margins", "bleed", "crop-marks")


def read_page(r: Reader, diags: Diagnostics, node: Optional[YNode]) -> dict:
    """A `page:` mapping (in the theme, or in a document that overrides it) as the Theme
    fields it sets; keys not written are left out."""
    changes: dict = {}
    page = r.fields(node, "page", PAGE_KEYS)
    if page is None:
        return changes
    size = page.get("size")
    if isinstance(size, YList):
        dims = [r.length(x, "page size", percent=False) for x in size.items]
        if len(dims) == 2 and all(dims):
            changes["page_size"] = (dims[0].value, dims[1].value)
        else:
            diags.error(size.span, "a page size is a name or [WIDTH, HEIGHT]")
    elif size is not None:
        name = (r.text(size, "page size") or "").lower()
        if name in PAGE_SIZES:
            changes["page_size"] = PAGE_SIZES[name]
        else:
            diags.error(size.span, f"unknown page size '{name}'{did_you_mean(name, PAGE_SIZES)}")
    margins = page.get("margins")
    if isinstance(margins, YList):
        ms = [r.length(x, "a margin", percent=False) for x in margins.items]
        if len(ms) == 4 and all(ms):
            changes["margins"] = tuple(x.value for x in ms)
        else:
            diags.error(margins.span, "margins are one length or [top, right, bottom, left]")
    elif margins is not None:
        one = r.length(margins, "margins", percent=False)
        if one:
            changes["margins"] = (one.value,) * 4
    if page.get("bleed") is not None:
        bleed = r.length(page.get("bleed"), "bleed", percent=False)
        if bleed:
            changes["bleed"] = bleed.value
    marks = r.boolean(page.get("crop-marks"), "crop-marks", None)  # None: not set, or not true/false
    if marks is not None:
        changes["crop_marks"] = marks
    return changes


def with_page(theme: Theme, page: tuple) -> Theme:
    """The theme as one document sees it: its own `page:` settings (Theme field, value) win."""
    return replace(theme, **dict(page)) if page else theme


def read_footer(r: Reader, diags: Diagnostics, node: YNode) -> str:
    """A footer line (the theme's, an edition's or a document's), every {field} checked."""
    footer = r.text(node, "footer") or ""
    for field_name in re.findall(r"\{([^{}]*)\}", footer):
        if field_name not in FOOTER_FIELDS:
            diags.error(node.span, f"unknown footer field '{{{field_name}}}'; "
                                   f"use {', '.join('{' + f + '}' for f in FOOTER_FIELDS)}"
                                   f"{did_you_mean(field_name, FOOTER_FIELDS)}")
    return footer


def read_labels(r: Reader, diags: Diagnostics, node: YNode) -> tuple:
    """`labels:` overrides the built-in words (`ci: 95%-KI`), for every locale or, under a
    locale's name (`de_DE: {ci: ...}`), for that one: (locale or "", name, text) triples."""
    from .labels import LABEL_NAMES

    out = []
    if not isinstance(node, YMap):
        diags.error(node.span, "labels must be a mapping of label name: text")
        return ()
    for key, kspan, value in node.entries:
        if isinstance(value, YMap) and key not in LABEL_NAMES:
            for name, nspan, text in value.entries:
                if name not in LABEL_NAMES:
                    diags.error(nspan, f"unknown label '{name}'{did_you_mean(name, LABEL_NAMES)} "
                                       f"(labels: {', '.join(LABEL_NAMES)})")
                elif (t := r.text(text, "a label")) is not None:
                    out.append((key.replace("-", "_"), name, t))
        elif key not in LABEL_NAMES:
            diags.error(kspan, f"unknown label '{key}'{did_you_mean(key, LABEL_NAMES)} "
                               f"(labels: {', '.join(LABEL_NAMES)}, or a locale such as de_DE holding them)")
        elif (t := r.text(value, "a label")) is not None:
            out.append(("", key, t))
    return tuple(out)


def read_theme(node: Optional[YNode], diags: Diagnostics, publication: Path) -> Theme:
    """Start from the default and override what the file sets, checking every key."""
    r = Reader(diags)
    theme = Theme()
    node = r.fields(node, "theme.yaml", ("page", "colors", "fonts", "styles", "footer", "links",
                                                   "print-black", "labels"))
    if node is None:
        return with_font_files(theme, publication, diags)
    changes: dict = {}
    changes.update(read_page(r, diags, node.get("page")))
    colors = dict(theme.colors)
    cnode = node.get("colors")
    if isinstance(cnode, YMap):
        for name, _, value in cnode.entries:
            if isinstance(value, YMap):  # {print: cmyk(..), screen: "#.."}: each variant its own ink
                pair = r.fields(value, f"colour '{name}'", ("print", "screen"), ("print", "screen"))
                specs = [_color(r, diags, pair.get(k)) for k in ("print", "screen")] if pair else []
                if len(specs) == 2 and all(specs):
                    colors[name] = Dual(*specs)
                continue
            color = _color(r, diags, value, colors)
            if color:
                colors[name] = color
    elif cnode is not None:
        diags.error(cnode.span, "colors must be a mapping of name: colour")
    changes["colors"] = colors
    fnode = r.fields(node.get("fonts"), "fonts", ("body", "heading", "fallback"))
    if fnode is not None:
        roles = [(k, ks, v) for k, ks, v in fnode.entries if k != "fallback"]
        changes["fonts"] = {**theme.fonts, **{k: r.text(v, "a font family") for k, _, v in roles
                                              if r.text(v, "a font family")}}
        fallback = [(r.text(v, "a font family"), v) for v in r.items(fnode.get("fallback"), "fallback fonts")]
        changes["fallback"] = tuple(family for family, _ in fallback if family)
        for role, _, v in roles + [("fallback", None, v) for family, v in fallback if family]:
            family = changes["fonts"].get(role) if role != "fallback" else r.text(v, "a font family")
            try:
                found = find_family(family, publication) if family else {}
            except FontError as exc:
                diags.error(v.span, f"font family '{family}': {exc.message}")
                continue
            if found is None:
                diags.error(v.span, f"font family '{family}' not found in fonts/ or the installed fonts; "
                                    f"drop Family-Regular.ttf, -Bold, -Italic, -BoldItalic into fonts/")
    styles = {k: dict(v) for k, v in theme.styles.items()}
    snode = r.fields(node.get("styles"), "styles", ELEMENTS)
    for name, _, value in (snode.entries if snode is not None else ()):
        if name not in styles:
            continue
        s = r.fields(value, f"style '{name}'", STYLE_KEYS)
        if s is not None and s.get("size") is not None and s.get("leading") is None:
            size = r.length(s.get("size"), "size", percent=False)
            if size:  # a new size without a leading keeps the default's proportion, never overlaps
                default = DEFAULT_STYLES[name]
                styles[name]["leading"] = round(size.value * default["leading"] / default["size"], 2)
        for key, _, v in (s.entries if s is not None else ()):
            if key in ("size", "leading", "space-before", "space-after"):
                length = r.length(v, key, percent=False)
                if length:
                    styles[name][key] = length.value
            elif key == "color":
                cname = r.text(v, "a colour name") or ""
                if lookup_color(colors, cname) is None:
                    diags.error(v.span, f"unknown colour '{cname}'{did_you_mean(cname, colors)}")
                else:
                    styles[name][key] = cname
            elif key == "weight":
                styles[name][key] = r.choice(v, "weight", ("regular", "bold", "semibold"), "regular")
            elif key == "align":
                styles[name][key] = r.choice(v, "align", ("left", "justify", "center", "right"), "left")
            else:
                styles[name][key] = r.text(v, key)
    changes["styles"] = styles
    if node.get("footer") is not None:
        changes["footer"] = read_footer(r, diags, node.get("footer"))
    if node.get("labels") is not None:
        changes["labels"] = read_labels(r, diags, node.get("labels"))
    lnode = r.fields(node.get("links"), "links", ("color", "underline"))
    if lnode is not None:
        cname, underline = theme.links
        if lnode.get("color") is not None:
            text = r.text(lnode.get("color"), "a colour name") or ""
            if text not in colors and parse_color(text) is None:
                diags.error(lnode.get("color").span, f"unknown colour '{text}'{did_you_mean(text, colors)}")
            else:
                cname = text
        if lnode.get("underline") is not None:
            underline = r.boolean(lnode.get("underline"), "underline", False)
        changes["links"] = (cname, underline)
    if node.get("print-black") is not None:
        changes["print_black"] = r.choice(node.get("print-black"), "print-black", ("solid", "as-written"),
                                          "solid") == "solid"
        if not changes["print_black"]:
            _warn_screened_text(node.get("print-black").span, styles, colors, diags)
    from .reversed_text import warn_reversed_text

    warn_reversed_text(styles, colors, diags, node.span, snode)
    theme = replace(theme, **changes)
    return with_font_files(theme, publication, diags)


SOLID_TEXT_BELOW = 12.0  # pt: smaller text in a screen of black prints with soft, dotted edges


def _warn_screened_text(span: Span, styles: dict, colors: dict, diags: Diagnostics) -> None:
    """`print-black: as-written` keeps the theme's greys: say which small text that screens."""
    small = []
    for name, style in styles.items():
        k = black_screen(lookup_color(colors, style["color"]))
        if k is not None and style["size"] < SOLID_TEXT_BELOW:
            small.append(f"'{name}' ({style['size']:g} pt, {k * 100:.0f}% K)")
    if small:
        diags.warning(span, f"print-black: as-written prints text below {SOLID_TEXT_BELOW:g} pt as a screen of "
                            f"black, with soft edges on press: {', '.join(small)}")


def with_font_files(theme: Theme, publication: Path, diags: Optional[Diagnostics] = None) -> Theme:
    """Attach the face files of every family the theme names (missing ones were reported);
    a face file that is not a usable font is an error at that file."""
    files = {}
    packaged = packaged_source_sans()
    for family in sorted(set(theme.fonts.values()) | set(theme.fallback)):
        try:
            files[family] = find_family(family, publication) or packaged
        except FontError:  # reported at the theme's font line
            files[family] = packaged
        for path in sorted(set(files[family].values()) - set(packaged.values())):
            problem = font_problem(path)
            if problem and diags is not None:
                diags.error(Span(display_path(path)), problem)
    return replace(theme, font_files=files)
