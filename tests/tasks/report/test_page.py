"""The report file: self-contained (no remote script, style or frame), every chart, the deals table."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from typer.testing import CliRunner

from edunews.cli import app
from tasks.report.build import BuiltReport, build_report
from tests.tasks.report.sample import HOSTILE_TITLE, build_sample
from tests.warehouse import rows

runner = CliRunner()
CHARTS = ["timeline", "map", "network", "actors", "keywords", "runs", "rejects"]


class Page(HTMLParser):
    """Collects what a browser would load (src, stylesheet href), the charts, links and scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.charts: list[str] = []
        self.links: list[str] = []
        self.scripts = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("src"):
            self.loads.append(str(a["src"]))
        if tag == "link" and "stylesheet" in (a.get("rel") or "") and a.get("href"):
            self.loads.append(str(a["href"]))
        if a.get("data-chart"):
            self.charts.append(str(a["data-chart"]))
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))
        self.scripts += tag == "script"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def test_the_report_is_written_beside_the_warehouse(built: BuiltReport) -> None:
    assert built.path.name == "report.html" and (built.path.parent / "w.duckdb").exists()
    assert built.size == built.path.stat().st_size and 500_000 < built.size < 2_500_000
    assert (built.articles, built.deals) == (4, 4)


def test_nothing_is_loaded_from_another_host(built: BuiltReport) -> None:
    html = built.path.read_text(encoding="utf-8")
    page = _parse(html)
    assert page.scripts == 2  # the inlined Vega bundle and the charts; no <script src>
    remote = [url for url in page.loads if re.match(r"(?i)\s*(https?:)?//", url)]
    assert remote == [] and page.loads == []
    assert not re.search(r"""(?i)(src|href)\s*=\s*["']?\s*(https?:)?//[^"']*\.(js|css)""", html)
    assert "@import" not in html and "url(http" not in html


def test_every_chart_has_its_place_and_its_spec(built: BuiltReport) -> None:
    html = built.path.read_text(encoding="utf-8")
    assert _parse(html).charts == CHARTS
    specs = json.loads(re.search(r"const specs = (\{.*?\});\n", html, re.S).group(1))  # type: ignore[union-attr]
    assert list(specs) == [f"chart-{name}" for name in CHARTS]
    map_layers = specs["chart-map"]["layer"]
    provinces = map_layers[0]["data"]["values"]
    assert len(provinces) == 34
    guangdong = next(f for f in provinces if f["properties"]["adcode"] == "440000")
    assert guangdong["properties"]["articles"] == 2
    cities = {c["name"]: c["deals"] for c in map_layers[2]["data"]["values"]}
    assert cities == {"深圳市": 2, "蚌埠市": 1, "北京市": 1}


def test_the_deals_table_links_each_deal_to_its_article(built: BuiltReport) -> None:
    page = _parse(built.path.read_text(encoding="utf-8"))
    assert [link for link in page.links if "example.cn" in link] == [
        f"https://news.example.cn/{a}.html" for a in ("a3", "a4", "a2", "a1")
    ]


def test_a_title_cannot_break_out_of_the_page_s_script(built: BuiltReport) -> None:
    html = built.path.read_text(encoding="utf-8")
    assert html.count("</script>") == 2  # only the page's own two scripts end
    assert HOSTILE_TITLE in "".join(_parse(html).text)  # in the table, as text


def test_cli_writes_the_report_where_asked(tmp_path: Path) -> None:
    db = build_sample(tmp_path / "w.duckdb")
    out = tmp_path / "out" / "r.html"
    result = runner.invoke(
        app, ["report", "--db", str(db), "--out", str(out), "--since", "2022-04-01"]
    )
    assert result.exit_code == 0, result.output
    assert f"report: {out} (2 articles, 2 deals" in result.output
    assert out.exists() and not list(out.parent.glob("*.tmp"))


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["report", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and "no warehouse at" in missing.output
    db = build_sample(tmp_path / "w.duckdb")
    folder = runner.invoke(app, ["report", "--db", str(db), "--out", str(tmp_path)])
    assert folder.exit_code == 1 and "is a folder" in folder.output
    assert "Traceback" not in missing.output + folder.output


def test_an_empty_warehouse_gives_a_page_of_notes(tmp_path: Path) -> None:
    rows.build(tmp_path / "w.duckdb").close()
    built = build_report(str(tmp_path / "w.duckdb"), tmp_path / "empty.html")
    html = built.path.read_text(encoding="utf-8")
    assert _parse(html).charts == CHARTS and (built.articles, built.deals) == (0, 0)
    for note in (
        "没有带日期的签约",
        "没有签约双方",
        "没有关键词",
        "没有运行记录",
        "没有签约 (no deals)",
    ):
        assert note in html
    assert "南海诸岛" in html  # the map is drawn without data too
