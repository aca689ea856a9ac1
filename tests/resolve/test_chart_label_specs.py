"""Chart labels print as the document's text prints the stat; stacked bars can show totals."""

from __future__ import annotations

from leafwright.resolve import document as d
from tests.conftest import resolve

DATA = """
    values: {n: 1000, x: 101, y: 5, z: 800, w: 950}
    stats:
      sx: {count: x, of: n}
      sy: {count: y, of: n}
      sz: {count: z, of: n}
      sw: {count: w, of: n}
    format:
      percent: {decimals: 0}
"""


def files(body: str, data: str = DATA) -> dict[str, str]:
    return {"publication.yaml": "id: p\ndata: data.yaml\ndocuments: [a.yaml]\n", "data.yaml": data,
            "a.yaml": "id: a\nbody:\n" + body}


def chart(result) -> d.RChart:
    found = [b for b in result.doc().blocks if isinstance(b, d.RChart)]
    assert len(found) == 1
    return found[0]


def labels(result) -> list[tuple[str, ...]]:
    return [s.labels for s in chart(result).series]


CHART = """
  - chart:
      kind: {kind}
      categories: [A]
      series:
        - {{name: X, values: [{x}]}}
        - {{name: Y, values: [{y}]}}
        - {{name: Z, values: [{z}]}}{more}
"""


def body(text: str = "", kind: str = "stacked-bar", x="sx", y="sy", z="sz", more="", chart_first=False) -> str:
    para = f"  - paragraph: \"{text}\"\n" if text else ""
    c = CHART.format(kind=kind, x=x, y=y, z=z, more=more).lstrip("\n")
    return c + para if chart_first else para + c


def test_label_follows_the_precision_the_text_prints(tmp_path):
    result = resolve(tmp_path, files(body("It was {sx:pct1}; {sy} and {sz:frac} of all.")))
    assert not result.errors
    # sx printed as 10.1% -> the chart too; sy printed bare (format decimals 0); sz never as a percentage
    assert labels(result) == [("10.1%",), ("1%",), ("80%",)]


def test_the_text_after_the_chart_counts_too(tmp_path):
    result = resolve(tmp_path, files(body("It was {sx:pct2}.", chart_first=True)))
    assert labels(result)[0] == ("10.10%",)


def test_the_most_precise_printing_wins(tmp_path):
    result = resolve(tmp_path, files(body("About {sx:pct} ({sx:pct1}); exactly {sx:pct2}.")))
    assert labels(result)[0] == ("10.10%",)


def test_a_spec_written_in_the_chart_wins(tmp_path):
    result = resolve(tmp_path, files(body("It was {sx:pct1}.", x="sx:pct0", y="sy:pct2", z="sz:frac")))
    assert not result.errors
    assert labels(result) == [("10%",), ("0.50%",), ("800/1,000",)]


def test_a_bad_spec_in_the_chart_is_an_error_at_the_value(tmp_path):
    result = resolve(tmp_path, files(body(y="sy:pct9")))
    err = result.find("unknown spec 'pct9'")
    assert result.at(err) == ("a.yaml", 8, 30)


def test_other_documents_do_not_decide(tmp_path):
    f = files(body())
    f["publication.yaml"] = "id: p\ndata: data.yaml\ndocuments: [a.yaml, b.yaml]\n"
    f["b.yaml"] = "id: b\nbody:\n  - paragraph: \"{sx:pct3}\"\n"
    assert labels(resolve(tmp_path, f))[0] == ("10%",)


def test_totals_are_the_exact_sum_rounded_once(tmp_path):
    # 10.1% + 0.5% + 80% = 90.6%: printed as precisely as the most precise label
    result = resolve(tmp_path, files(body("It was {sx:pct1}.", more="\n      totals: true")))
    assert not result.diags, [str(x) for x in result.diags]
    assert chart(result).totals == ("90.6%",)
    plain = resolve(tmp_path / "2", files(body(more="\n      totals: true")))
    assert chart(plain).totals == ("91%",)  # 90.6 rounds once, not 10 + 1 + 80 = 91 by luck


def test_no_totals_unless_asked(tmp_path):
    assert chart(resolve(tmp_path, files(body()))).totals == ()


def test_totals_above_100_percent_are_left_out_with_a_warning(tmp_path):
    result = resolve(tmp_path, files(body(z="sw", more="\n      totals: true")))
    warning = result.find("adds up to more than 100%", "warning")
    assert result.at(warning) == ("a.yaml", 5, 20)  # at the category
    assert chart(result).totals == ("",)


def test_totals_on_plain_bars_warn_at_the_option(tmp_path):
    result = resolve(tmp_path, files(body(kind="bar", more="\n      totals: true")))
    warning = result.find("'totals' applies to stacked bars only", "warning")
    assert result.at(warning) == ("a.yaml", 10, 15)
    assert chart(result).totals == ()


def test_totals_must_be_true_or_false(tmp_path):
    result = resolve(tmp_path, files(body(more="\n      totals: yes please")))
    assert result.at(result.find("chart totals must be true or false")) == ("a.yaml", 10, 15)


def test_pct7_in_a_chart_is_the_error_the_text_gives_and_totals_still_print(tmp_path):
    result = resolve(tmp_path, files(body("It was {sx:pct7}.", y="sy:pct7", more="\n      totals: true")))
    errors = [e for e in result.errors if "unknown spec 'pct7'" in e.message]
    text = "unknown spec 'pct7' for a stat (valid: pct, pct0-pct6, frac, count, of, ci); did you mean 'pct'?"
    assert {e.message for e in errors} == {text}
    assert sorted(result.at(e) for e in errors) == [("a.yaml", 3, 24), ("a.yaml", 9, 30)]
    # the text's bad spec decides nothing about sx's label; the bad label is left empty
    assert labels(result) == [("10%",), ("",), ("80%",)]
    assert chart(result).totals == ("91%",)
