"""The words leafwright prints itself, per language: what a theme's `labels:` overrides.

CLDR (babel) has number patterns but no words for "95% CI" or "Page 1 of 2", so these are
a small table of our own, checked against each language's medical usage (German "95%-KI"
as in the Deutsches Ärzteblatt, French "IC à 95 %"). A language missing here prints the
English words; a theme adds or corrects any of them with `labels:`.
"""

from __future__ import annotations

# ci: the label of a confidence interval; range: what joins its bounds; page: the footer's
# page words ({page}, {pages}); references: the reference list's default title; of: the
# word of a written fraction ("69 of 154"), read in claims.
LABEL_NAMES = ("ci", "range", "page", "references", "of")

_BY_LANGUAGE = {
    "en": {"ci": "95% CI", "range": "-", "page": "Page {page} of {pages}", "references": "References", "of": "of"},
    "de": {"ci": "95%-KI", "range": "–", "page": "Seite {page} von {pages}", "references": "Literatur", "of": "von"},
    "fr": {"ci": "IC à 95\u00a0%", "range": "–", "page": "Page {page} sur {pages}", "references": "Références",
           "of": "sur"},
    "es": {"ci": "IC del 95\u00a0%", "range": "–", "page": "Página {page} de {pages}", "references": "Referencias",
           "of": "de"},
    "it": {"ci": "IC al 95%", "range": "–", "page": "Pagina {page} di {pages}", "references": "Bibliografia",
           "of": "su"},
}

ENGLISH_PAGE = _BY_LANGUAGE["en"]["page"]  # the built-in words a footer may use (Theme.footer's default)


def labels_for(locale: str, overrides: tuple = ()) -> dict[str, str]:
    """The labels of `locale` (de_CH takes German's), with the theme's `labels:` applied:
    ones for every locale first, then ones for this locale or its language."""
    language = locale.split("_")[0]
    out = dict(_BY_LANGUAGE["en"])
    out.update(_BY_LANGUAGE.get(language, {}))
    for scope in ("", language, locale):
        out.update({name: text for where, name, text in overrides if where == scope})
    return out


def languages() -> tuple[str, ...]:
    """The languages with built-in labels (docs and tests list them)."""
    return tuple(_BY_LANGUAGE)
