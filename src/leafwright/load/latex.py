"""LaTeX in BibTeX field values to Unicode text, with CSL-JSON rich-text tags.

pylatexenc does the parsing and the Unicode for accents, symbols and math; what it
gets wrong for bibliographies is overridden here: it drops macros it does not know
(`\\TeX` vanished from "The TeXbook", `\\hyphen` glued "methodologyindependent"),
prints `\\url` in angle brackets and `\\mkbibquote` bare. Every macro reference
managers and biblatex emit is given its text; a macro nobody defined keeps its
argument and is reported, so nothing disappears without a word.

Emphasis becomes CSL-JSON's own rich text (`<i>`, `<b>`, `<sup>`, `<sub>`), and a
braced group that protects lower-case words from title-casing becomes
`<span class="nocase">` — the markup citeproc processors read in CSL-JSON fields.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# Macros whose text is fixed.
_SYMBOLS = {
    "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2ε", "BibTeX": "BibTeX",
    "XeTeX": "XeTeX", "LuaTeX": "LuaTeX", "ConTeXt": "ConTeXt", "eTeX": "ε-TeX",
    "hyphen": "-", "slash": "/", "textendash": "–", "textemdash": "—",
    "textless": "<", "textgreater": ">", "textbar": "|", "textbackslash": "\\",
    "textasciitilde": "~", "textasciicircum": "^", "textunderscore": "_",
    "textquotedbl": '"', "textquotesingle": "'", "textquoteleft": "‘",
    "textquoteright": "’", "textquotedblleft": "“", "textquotedblright": "”",
    "textregistered": "®", "texttrademark": "™", "textcopyright": "©",
    "textdegree": "°", "textmu": "µ", "textpm": "±", "texttimes": "×",
    "textbullet": "•", "textellipsis": "…", "dots": "…", "ldots": "…",
    "textperiodcentered": "·", "textsection": "§", "textparagraph": "¶",
    "textdagger": "†", "textdaggerdbl": "‡", "nobreakspace": "\u00a0",
    "addcomma": ",", "adddot": ".", "addcolon": ":", "addsemicolon": ";",
    "addperiod": ".", "addspace": " ", "addnbspace": "\u00a0", "addthinspace": "\u202f",
    "addabbrvspace": " ", "adddotspace": ". ", "ppno": "pp.", "pno": "p.",
    "nopp": "", "protect": "", "relax": "", "ignorespaces": "", "unskip": "",
    "newblock": "", "allowbreak": "", "break": "", "linebreak": " ", "newline": " ",
    "par": " ", "bibrangedash": "–", "bibdatedash": "–", "textnumero": "№",
}
# Macros whose argument is wrapped: (before, after).
_WRAP = {
    "emph": ("<i>", "</i>"), "textit": ("<i>", "</i>"), "textsl": ("<i>", "</i>"),
    "mkbibemph": ("<i>", "</i>"), "mkbibitalic": ("<i>", "</i>"),
    "textbf": ("<b>", "</b>"), "mkbibbold": ("<b>", "</b>"),
    "textsuperscript": ("<sup>", "</sup>"), "mkbibsuperscript": ("<sup>", "</sup>"),
    "textsubscript": ("<sub>", "</sub>"), "mkbibsubscript": ("<sub>", "</sub>"),
    "mkbibquote": ("“", "”"), "enquote": ("“", "”"), "mkbibparens": ("(", ")"),
    "mkbibbrackets": ("[", "]"),
    # Text-style and verbatim macros print their argument as it is.
    "textsc": ("", ""), "textup": ("", ""), "textrm": ("", ""), "textsf": ("", ""),
    "texttt": ("", ""), "textnormal": ("", ""), "textmd": ("", ""), "mbox": ("", ""),
    "hbox": ("", ""), "text": ("", ""), "ensuremath": ("", ""), "url": ("", ""),
    "nolinkurl": ("", ""), "path": ("", ""), "mkbibacro": ("", ""), "autocap": ("", ""),
    "mkbibordinal": ("", ""), "bibstring": ("", ""), "uppercase": ("", ""),
    "lowercase": ("", ""), "MakeUppercase": ("", ""), "MakeLowercase": ("", ""),
    "NoCaseChange": ("", ""), "nocase": ("", ""), "textlatin": ("", ""),
    "foreignlanguage": ("", ""), "hyphenation": ("", ""), "doi": ("", ""),
    "noopsort": None, "SortNoop": None, "sortnoop": None, "noop": None,  # sort keys only
}
# Declarations that style the rest of their group: {\em text}.
_DECLARATIONS = {"em": "i", "it": "i", "itshape": "i", "sl": "i", "slshape": "i",
                 "bf": "b", "bfseries": "b", "sc": "", "scshape": "", "rm": "", "tt": "",
                 "sf": "", "normalfont": "", "upshape": "", "mdseries": ""}
# How many arguments the parser must read for macros it does not know itself.
_ARGS = {"mkbibquote": "{", "enquote": "*{", "mkbibemph": "{", "mkbibitalic": "{",
         "mkbibbold": "{", "mkbibsuperscript": "{", "mkbibsubscript": "{",
         "mkbibparens": "{", "mkbibbrackets": "{", "mkbibacro": "{", "autocap": "{",
         "mkbibordinal": "{", "bibstring": "{", "textsubscript": "{",
         "textsuperscript": "{", "NoCaseChange": "{", "nocase": "{", "textlatin": "{",
         "foreignlanguage": "[{{", "href": "[{{", "doi": "{", "url": "{", "nolinkurl": "{",
         "path": "{", "noopsort": "{", "SortNoop": "{", "sortnoop": "{", "noop": "{",
         "text": "{", "MakeUppercase": "{", "MakeLowercase": "{"}
_INNER_QUOTES = ("‘", "’")


class LatexDecoder:
    """One decoder per file: the pylatexenc context is built once (~20 ms)."""

    def __init__(self) -> None:
        from pylatexenc import latexwalker, macrospec

        self._walker_db = latexwalker.get_default_latex_context_db().filter_context()
        self._walker_db.add_context_category(
            "leafwright-bib", prepend=True,
            macros=[macrospec.MacroSpec(name, args) for name, args in _ARGS.items()])
        self._to_text = _ToText()
        self._latexwalker = latexwalker
        self._seen: dict[tuple[str, bool], tuple[str, list[str]]] = {}

    def decode(self, latex: str, protect_case: bool = False) -> tuple[str, list[str]]:
        """Text of `latex` and the names of macros it used that nobody defined."""
        key = (latex, protect_case)
        if key not in self._seen:  # names and journals repeat through a file
            self._seen[key] = self._decode(latex, protect_case)
        text, unknown = self._seen[key]
        return text, list(unknown)

    def _decode(self, latex: str, protect_case: bool) -> tuple[str, list[str]]:
        # Most values are plain text or text with case-protecting braces; pylatexenc
        # (~0.3 ms a value) is for those with commands, math or TeX ligatures.
        if not _LATEX.search(latex):
            return (_squeeze(_braces(latex, protect_case)) if "{" in latex or "}" in latex
                    else _squeeze(latex)), []
        walker = self._latexwalker.LatexWalker(latex, latex_context=self._walker_db,
                                               tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes()
        conv = self._to_text
        conv.unknown = []
        conv.top_level = {id(n) for n in nodes} if protect_case else set()
        text = conv.nodelist_to_text(nodes)
        return _squeeze(text), conv.unknown


_LATEX = re.compile(r"[\\$~%]|--|``|''|[!?]`")


def _braces(text: str, protect_case: bool) -> str:
    """Text with braces but no commands: the braces go; a top-level group that holds
    a letter is marked nocase (see `_needs_protection`)."""
    out, group, depth = [], [], 0
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
            if depth == 0 and group:
                inner = "".join(group)
                out.append(f'<span class="nocase">{inner}</span>' if protect_case and any(
                    c.isalpha() for c in inner) else inner)
                group = []
        elif depth:
            group.append(ch)
        else:
            out.append(ch)
    return "".join(out + group)


def _squeeze(text: str) -> str:
    """Runs of ordinary white space become one space; a no-break space stays."""
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()


@functools.cache
def _to_text_class() -> Any:
    from pylatexenc import latexwalker
    from pylatexenc.latex2text import LatexNodes2Text

    class ToText(LatexNodes2Text):
        """pylatexenc's converter with bibliography macros and CSL rich text."""

        def __init__(self) -> None:
            super().__init__(math_mode="text", strict_latex_spaces="macros")
            self.unknown: list[str] = []
            self.top_level: set[int] = set()

        def _arg(self, node: Any, k: int = -1) -> str:
            args = node.nodeargd.argnlist if node.nodeargd and node.nodeargd.argnlist else []
            args = [a for a in args if a is not None and
                    not (a.isNodeType(latexwalker.LatexCharsNode) and a.chars == "*")]
            return self._groupnodecontents_to_text(args[k]) if args else ""

        def macro_node_to_text(self, node: Any) -> str:
            name = node.macroname
            if name in _SYMBOLS:
                return _SYMBOLS[name]
            if name == "href":
                return self._arg(node, -1)
            if name in _WRAP:
                wrap = _WRAP[name]
                if wrap is None:
                    return ""
                before, after = wrap
                if name == "enquote" and node.nodeargd and node.nodeargd.argnlist \
                        and node.nodeargd.argnlist[0] is not None:
                    before, after = _INNER_QUOTES  # \enquote*{...}
                return before + self._arg(node) + after
            if name in _DECLARATIONS:
                return ""
            if self.latex_context.get_macro_spec(name) is None:
                self.unknown.append(name)
                args = node.nodeargd.argnlist if node.nodeargd and node.nodeargd.argnlist else []
                return "".join(self._groupnodecontents_to_text(a) for a in args)
            return super().macro_node_to_text(node)

        def group_node_to_text(self, node: Any) -> str:
            inner = [n for n in node.nodelist
                     if not (n.isNodeType(latexwalker.LatexCharsNode) and not n.chars.strip())]
            first = inner[0] if inner else None
            if first is not None and first.isNodeType(latexwalker.LatexMacroNode) \
                    and first.macroname in _DECLARATIONS:
                tag = _DECLARATIONS[first.macroname]
                rest = node.nodelist[node.nodelist.index(first) + 1:]
                text = self.nodelist_to_text(rest)
                return f"<{tag}>{text}</{tag}>" if tag and text.strip() else text
            text = self._groupnodecontents_to_text(node)
            if id(node) in self.top_level and _needs_protection(node, text):
                return f'<span class="nocase">{text}</span>'
            return text

    return ToText


def _needs_protection(node: Any, text: str) -> bool:
    """Braces protect the case of the letters inside them, both ways: from title case
    ("{van der Waals}") and from sentence case ("{DNA}", "{Fyfe}", "{Down} Syndrome").
    Groups that open with a command or math (`{\\"u}`, `{$\\alpha$}`) are BibTeX's
    special characters, not protection."""
    from pylatexenc import latexwalker

    first = node.nodelist[0] if node.nodelist else None
    if first is None or first.isNodeType(latexwalker.LatexMacroNode) \
            or first.isNodeType(latexwalker.LatexMathNode):
        return False
    return any(c.isalpha() for c in text)


def _ToText() -> Any:  # noqa: N802 - a class built on first use (lazy import)
    return _to_text_class()()
