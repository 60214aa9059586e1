"""The report page: one HTML file with Vega inlined, the charts, and the table of latest deals.

Nothing is loaded from elsewhere: the Vega, Vega-Lite and vega-embed JavaScript comes from the
installed vl-convert-python package (what altair's ``save(..., inline=True)`` inlines), bundled
once for all charts; the map's shapes are data inside the specs; fonts are the viewer's own.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import cache
from html import escape
from string import Template

import altair as alt
import vl_convert

from tasks.report import charts
from warehouse.report_data import Records, ReportData

LATEST_DEALS = 30  # rows of the deals table
SCRIPT_ENDS = re.compile(r"<(/script|!--)", re.IGNORECASE)

PAGE = Template("""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>edunews 报告</title>
<style>
body { font-family: $font; margin: 0 auto; max-width: 980px; padding: 16px 24px; color: #222; }
h1 { font-size: 26px; margin-bottom: 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.meta { color: #666; font-size: 14px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid #eee; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f6f6f6; }
.chart { min-height: 60px; }
</style>
<script>
$bundle
</script>
</head>
<body>
<h1>edunews 报告 · AI 教育新闻</h1>
<p class="meta">$meta</p>
$sections
<script>
const specs = $specs;
for (const [id, spec] of Object.entries(specs)) {
  const element = document.getElementById(id);
  vegaEmbed(element, spec, {actions: false, renderer: "svg"})
    .then(() => { element.dataset.drawn = "true"; })
    .catch((error) => { element.dataset.error = String(error); console.error(error); });
}
</script>
</body>
</html>
""")


def render_page(data: ReportData, since: date | None, generated_at: datetime) -> str:
    """Return the report as one self-contained HTML page."""
    figures: dict[str, tuple[str, charts.Chart]] = {
        "timeline": ("签约时间线 · Deals over time", charts.deals_timeline(data.deals)),
        "map": ("地图 · Map of China", charts.china_map(data.provinces, data.deals)),
        "network": ("签约网络 · Who signed with whom", charts.signing_network(data.signings)),
        "actors": ("机构与人物 · Top organisations and people",
                   charts.top_actors(data.organisations, data.people)),
        "keywords": ("关键词 · Keywords over time", charts.keywords_over_time(data.keywords)),
        "runs": ("运行记录 · Run history", charts.run_history(data.runs)),
        "rejects": ("拒收原因 · Rejects by reason", charts.rejects_by_reason(data.rejects)),
    }  # fmt: skip
    sections = [
        f'<h2>{escape(title)}</h2>\n<div class="chart" id="chart-{name}" data-chart="{name}"></div>'
        for name, (title, _) in figures.items()
    ]
    sections.insert(5, f"<h2>最新签约 · Latest deals</h2>\n{deals_table(data.deals)}")
    specs = {f"chart-{name}": _spec(chart) for name, (_, chart) in figures.items()}
    scope = f"{since.isoformat()} 起发布的文章" if since else "全部文章"
    meta = (
        f"生成于 {generated_at:%Y-%m-%d %H:%M %Z} · 范围：{scope} · "
        f"{data.articles} 篇文章 · {len(data.deals)} 项签约"
    )
    return PAGE.substitute(
        font=charts.FONT,
        bundle=_script_text(javascript_bundle()),
        meta=escape(meta),
        sections="\n".join(sections),
        specs=_script_text(json.dumps(specs, ensure_ascii=False)),
    )


def deals_table(deals: Records) -> str:
    """Return the latest deals as an HTML table, each linked to its article."""
    if not deals:
        return '<p class="meta">没有签约 (no deals)</p>'
    rows = []
    for deal in deals[:LATEST_DEALS]:
        parties = deal["parties"] if isinstance(deal["parties"], list) else []
        title = escape(str(deal["title"] or deal["article_id"]))
        link = f'<a href="{escape(str(deal["url"]))}">{title}</a>' if deal["url"] else title
        cells = [
            escape(str(deal["event_date"] or "")),
            escape(charts.EVENT_TYPES.get(str(deal["event_type"]), str(deal["event_type"]))),
            escape("、".join(parties)),
            escape(str(deal["agreement"] or "")),
            escape(" ".join(str(p) for p in (deal["province"], deal["city"]) if p)),
            link,
            escape(str(deal["outlet"] or "")),
        ]
        rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    head = "".join(
        f"<th>{h}</th>" for h in ("日期", "类型", "双方", "协议", "地点", "文章", "媒体")
    )
    return f"<table>\n<tr>{head}</tr>\n" + "\n".join(rows) + "\n</table>"


def _spec(chart: charts.Chart) -> dict[str, object]:
    themed = (
        chart.configure(font=charts.FONT)
        .configure_title(anchor="start", fontSize=15)
        .configure_view(stroke=None)
    )
    spec: dict[str, object] = themed.to_dict()
    return spec


@cache
def javascript_bundle() -> str:
    """Return Vega, Vega-Lite and vega-embed for altair's schema as one script (vegaEmbed)."""
    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    # the stub marks `snippet` required; without one the bundle sets window.vegaEmbed (as altair)
    bundle = vl_convert.javascript_bundle(vl_version=f"v{major}_{minor}")  # type: ignore[call-arg]
    return str(bundle)


def _script_text(text: str) -> str:
    """Make text safe inside <script>: a "</script" or "<!--" in it must not end the element.

    Both only occur inside string literals (an article's title), where the escapes mean the same.
    """
    return SCRIPT_ENDS.sub(r"<\\\1", text)
