"""Per-document `format:` and `footer:`: what is closest wins (document, then publication/theme)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import load, resolve
from tests.resolve.test_resolver import DATA, paragraphs

PUB = "data: data.yaml\ntheme: theme.yaml\ndocuments: [en.yaml, de.yaml]\n"
THEME = "footer: \"{code} · Page {page} of {pages}\"\n"
TEXT = "body:\n  - paragraph: \"{rate} {big} {fourteen:words} {rate:ci}\"\n"


def test_a_document_prints_numbers_labels_and_footer_in_its_own_locale(tmp_path: Path):
    r = resolve(tmp_path, {
        "publication.yaml": PUB, "data.yaml": DATA + "format: {percent: {decimals: 1}}\n", "theme.yaml": THEME,
        "en.yaml": "id: en\ncode: C-1\n" + TEXT,
        "de.yaml": "id: de\ncode: C-2\nformat: {locale: de_DE, percent: {decimals: 0}}\n" + TEXT,
    })
    assert not r.errors, [str(x) for x in r.errors]
    assert paragraphs(r.doc("en")) == ["22.5% (9/40) 1,122 fourteen 95% CI, 10.8%-38.5%"]
    assert paragraphs(r.doc("de")) == ["23\u00a0% (9/40) 1.122 vierzehn 95%-KI, 10,8\u00a0%–38,5\u00a0%"]
    assert r.doc("en").footer == "C-1 · Page {page} of {pages}"
    assert r.doc("de").footer == "C-2 · Seite {page} von {pages}"
    assert (r.doc("en").lang, r.doc("de").lang) == ("en-US", "de-DE")
    assert (r.doc("en").hyphenation, r.doc("de").hyphenation) == ("en_US", "de_DE")


def test_a_document_footer_wins_over_the_theme(tmp_path: Path):
    r = resolve(tmp_path, {
        "publication.yaml": PUB, "data.yaml": DATA, "theme.yaml": THEME,
        "en.yaml": "id: en\ncode: C-1\nfooter: \"{title} – {page}\"\n" + TEXT,
        "de.yaml": "id: de\n" + TEXT,
    })
    assert r.doc("en").footer == "en – {page}"
    assert r.doc("de").footer == " · Page {page} of {pages}"


def test_a_theme_label_overrides_the_built_in_words(tmp_path: Path):
    r = resolve(tmp_path, {
        "publication.yaml": PUB, "data.yaml": DATA,
        "theme.yaml": THEME + "labels: {ci: 95 % CI, de_DE: {ci: 95-%-KI, page: 'S. {page}/{pages}'}}\n",
        "en.yaml": "id: en\n" + TEXT, "de.yaml": "id: de\nformat: {locale: de_DE}\n" + TEXT,
    })
    assert paragraphs(r.doc("en"))[0].endswith("95 % CI, 10.8%-38.5%")
    assert paragraphs(r.doc("de"))[0].endswith("95-%-KI, 10,8\u00a0%–38,5\u00a0%")
    assert r.doc("de").footer == " · S. {page}/{pages}"


def test_unknown_keys_in_a_document_format_footer_and_labels_are_errors(tmp_path: Path):
    r = load(tmp_path, {
        "publication.yaml": "theme: theme.yaml\ndocuments: [a.yaml]\n",
        "theme.yaml": "labels: {cl: x}\n",
        "a.yaml": "id: a\nformat: {locale: xx_QQ, percnt: 1}\nfooter: \"{page} {sheet}\"\nbody: []\n",
    })
    assert r.where("unknown label 'cl'") == ("theme.yaml", 1, 10)
    assert r.where("unknown key 'percnt' in format")[0] == "a.yaml"
    assert r.where("unknown locale 'xx_QQ'")[0] == "a.yaml"
    assert r.where("unknown footer field '{sheet}'")[0] == "a.yaml"


def test_the_claims_formula_is_in_the_documents_locale(tmp_path: Path):
    r = resolve(tmp_path, {
        "publication.yaml": PUB, "data.yaml": DATA + "format: {percent: {decimals: 1}}\n", "theme.yaml": THEME,
        "en.yaml": "id: en\n" + TEXT, "de.yaml": "id: de\nformat: {locale: de_DE}\n" + TEXT,
    })
    [en] = [c.formula for c in r.doc("en").claims if c.value == "22.5% (9/40)"]
    [de] = [c.formula for c in r.doc("de").claims if c.value == "22,5\u00a0% (9/40)"]
    assert en.endswith("9/40 = 22.5% → 22.5%, half-up")  # exact: no digit more than it has
    assert de.endswith("9/40 = 22,5\u00a0% → 22,5\u00a0%, half-up")


def test_a_date_typed_with_a_month_name_prints_in_the_documents_language(tmp_path: Path):
    theme = "footer: \"{date} · Page {page} of {pages}\"\n"
    r = resolve(tmp_path, {
        "publication.yaml": PUB, "data.yaml": DATA, "theme.yaml": theme,
        "en.yaml": "id: en\ndate: March 2026\n" + TEXT,
        "de.yaml": "id: de\ndate: 15 March 2026\nformat: {locale: de_DE}\n" + TEXT,
    })
    assert r.doc("en").footer == "March 2026 · Page {page} of {pages}"
    assert r.doc("de").footer == "15. März 2026 · Seite {page} von {pages}"
    r = resolve(tmp_path / "iso", {
        "publication.yaml": PUB, "data.yaml": DATA, "theme.yaml": theme,
        "en.yaml": "id: en\n" + TEXT, "de.yaml": "id: de\ndate: 2026-03\nformat: {locale: fr_FR}\n" + TEXT,
    })
    assert r.doc("de").footer == "2026-03 · Page {page} sur {pages}"  # digits print as typed
