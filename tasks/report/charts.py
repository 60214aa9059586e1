"""The report's charts as Vega-Lite specs (altair), one function per chart, from ReportData.

Each function answers a chart that draws something even without data: a short note then.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from tasks.report.chinamap import GeoJson, locate, maritime_boundary, province_shapes
from tasks.report.network import layout, top_edges
from warehouse.report_data import Records

Chart = alt.TopLevelMixin  # a chart, a layer or a concatenation: what a page section embeds
FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
WIDTH = 720
EVENT_TYPES = {  # enrich.events.event_type → what the chart calls it
    "sign_agreement": "签约",
    "renewal": "续约",
    "intent": "合作意向",
    "unveil": "揭牌",
}
OUTCOMES = {"new": "新增", "updated": "更新", "unchanged": "未变", "rejected": "拒收"}
OUTCOME_COLOURS = ["#1c7ed6", "#f59f00", "#adb5bd", "#e03131"]


def inline(values: list[Any]) -> alt.Data:
    """Data written into the spec (the report loads nothing)."""
    return alt.Data(values=values)  # type: ignore[no-untyped-call]


def note(text: str) -> Chart:
    """A chart with only a line of text: what a chart without data shows."""
    chart: Chart = (
        alt.Chart(inline([{"text": text}]))
        .mark_text(fontSize=14, color="#666")
        .encode(text="text:N")
        .properties(width=WIDTH, height=60)
    )
    return chart


def deals_timeline(deals: Records) -> Chart:
    """Deals by day (points), one row per kind of deal, coloured by province."""
    dated = [_deal_fields(d) for d in deals if d["day"]]
    if not dated:
        return note("没有带日期的签约 (no dated deals)")
    undated = len(deals) - len(dated)
    chart: Chart = (
        alt.Chart(inline(dated))
        .mark_circle(size=140, opacity=0.8)
        .encode(
            x=alt.X("day:T", title="日期", axis=alt.Axis(format="%Y-%m-%d", tickCount=6)),
            y=alt.Y("kind:N", title=None, sort=list(EVENT_TYPES.values())),
            color=alt.Color("province:N", title="省份"),
            tooltip=["day:T", "kind:N", "parties:N", "agreement:N", "title:N", "outlet:N"],
        )
        .properties(
            width=WIDTH,
            height=160,
            title=alt.Title(
                "签约时间线",
                subtitle=f"{len(dated)} 项有日期" + (f", {undated} 项无年份" if undated else ""),
            ),
        )
    )
    return chart


def _deal_fields(deal: dict[str, object]) -> dict[str, object]:
    parties = deal["parties"]
    return {
        "day": deal["day"],
        "kind": EVENT_TYPES.get(str(deal["event_type"]), str(deal["event_type"])),
        "parties": "、".join(parties) if isinstance(parties, list) else "",
        "agreement": deal["agreement"],
        "province": deal["province"] or "未知",
        "title": deal["title"],
        "outlet": deal["outlet"],
    }


def china_map(provinces: Records, deals: Records) -> Chart:
    """Provinces shaded by the articles that name them; circles: deals per city."""
    counts = {str(p["province_code"]): int(str(p["articles"])) for p in provinces}
    features: list[GeoJson] = [
        {
            **f,
            "properties": {**f["properties"], "articles": counts.get(f["properties"]["adcode"], 0)},
        }
        for f in province_shapes()
    ]
    shaded = (
        alt.Chart(inline(features))
        .mark_geoshape(stroke="#8c8c8c", strokeWidth=0.4)  # outlined: small islands stay visible
        .encode(
            color=alt.condition(
                "datum.properties.articles > 0",
                alt.Color("properties.articles:Q", title="文章数", scale=alt.Scale(scheme="blues")),
                alt.value("#eeeeee"),
            ),
            tooltip=[
                alt.Tooltip("properties.name:N", title="省份"),
                alt.Tooltip("properties.articles:Q", title="文章数"),
            ],
        )
    )
    boundary = alt.Chart(inline([maritime_boundary()])).mark_geoshape(
        filled=False, stroke="#5b7fa6", strokeWidth=1.2
    )
    layers: list[Any] = [shaded, boundary]
    cities = deal_cities(deals)
    if cities:
        base = alt.Chart(inline(cities)).encode(longitude="longitude:Q", latitude="latitude:Q")
        layers.append(
            base.mark_circle(color="#d9480f", opacity=0.75, stroke="white").encode(
                size=alt.Size(
                    "deals:Q",
                    title="签约数",
                    scale=alt.Scale(domainMin=1, range=[80, 800]),
                    legend=alt.Legend(format="d", tickMinStep=1),
                ),
                tooltip=[
                    alt.Tooltip("name:N", title="城市"),
                    alt.Tooltip("deals:Q", title="签约数"),
                ],
            )
        )
        label = base.mark_text(align="left", dx=16, fontSize=13, fontWeight="bold")
        layers.append(label.encode(text="name:N"))
    layered: Chart = (
        alt.layer(*layers)
        .project(type="conicEqualArea", rotate=[-105, 0, 0], parallels=[25, 47])
        .properties(
            width=WIDTH,
            height=620,
            title=alt.Title("地图：文章提及的省份与签约城市", subtitle="南海诸岛完整显示"),
        )
    )
    return layered


def deal_cities(deals: Records) -> list[dict[str, object]]:
    """Deals per city (a district's city; the province when no city is known), with coordinates."""
    counted: dict[str, dict[str, object]] = {}
    for deal in deals:
        place = locate(str(deal["adcode"])) if deal["adcode"] else None
        if place is None:
            continue
        row = counted.setdefault(
            place.adcode,
            {
                "name": place.name,
                "longitude": place.longitude,
                "latitude": place.latitude,
                "deals": 0,
            },
        )
        row["deals"] = int(str(row["deals"])) + 1
    return sorted(counted.values(), key=lambda row: str(row["name"]))


def signing_network(signings: Records) -> Chart:
    """Organisations as points, a line between two that signed together (thicker: more deals)."""
    edges = top_edges(
        [(str(s["source"]), str(s["target"]), int(str(s["deals"]))) for s in signings]
    )
    if not edges:
        return note("没有签约双方 (no signing parties)")
    positions = layout(edges)
    lines = [
        {"x": positions[s][0], "y": positions[s][1], "x2": positions[t][0], "y2": positions[t][1],
         "deals": deals, "pair": f"{s} — {t}"}
        for s, t, deals in edges
    ]  # fmt: skip
    nodes = [{"name": name, "x": x, "y": y} for name, (x, y) in positions.items()]
    axis = alt.Axis(labels=False, ticks=False, grid=False, domain=False, title=None)
    scale = alt.Scale(domain=[-0.15, 1.15])
    links = (
        alt.Chart(inline(lines))
        .mark_rule(color="#9aa5b1")
        .encode(
            x=alt.X("x:Q", axis=axis, scale=scale),
            y=alt.Y("y:Q", axis=axis, scale=scale),
            x2="x2:Q",
            y2="y2:Q",
            strokeWidth=alt.StrokeWidth("deals:Q", legend=None, scale=alt.Scale(range=[1, 5])),
            tooltip=[alt.Tooltip("pair:N", title="双方"), alt.Tooltip("deals:Q", title="签约数")],
        )
    )
    points = alt.Chart(inline(nodes)).encode(x="x:Q", y="y:Q")
    network: Chart = alt.layer(
        links,
        points.mark_circle(size=160, color="#1c7ed6"),
        points.mark_text(dy=-14, fontSize=12).encode(text="name:N"),
    ).properties(width=WIDTH, height=420, title="签约网络：共同签约的机构")
    return network


def top_actors(organisations: Records, people: Records) -> Chart:
    """Bars: the organisations and the people named in most articles."""
    if not organisations and not people:
        return note("没有机构或人物 (no organisations or people)")
    orgs = (
        alt.Chart(inline(organisations))
        .mark_bar(color="#1c7ed6")
        .encode(
            x=alt.X("articles:Q", title="文章数"),
            y=alt.Y("name:N", title=None, sort="-x"),
            tooltip=["name:N", "kind:N", "articles:Q", "deals:Q"],
        )
        .properties(width=WIDTH // 2 - 120, title="机构 (前 15)")
    )
    persons = (
        alt.Chart(inline(people))
        .mark_bar(color="#2f9e44")
        .encode(
            x=alt.X("articles:Q", title="文章数"),
            y=alt.Y("name:N", title=None, sort="-x"),
            tooltip=["name:N", "role:N", "articles:Q"],
        )
        .properties(width=WIDTH // 2 - 120, title="人物 (前 15)")
    )
    return alt.hconcat(orgs, persons, spacing=60)


def keywords_over_time(keywords: Records) -> Chart:
    """A heat map: per month, the articles that have each top keyword among their keywords."""
    if not keywords:
        return note("没有关键词 (no keywords)")
    chart: Chart = (
        alt.Chart(inline(keywords))
        .mark_rect()
        .encode(
            x=alt.X("month:O", title="月份"),
            y=alt.Y(
                "term:N",
                title=None,
                sort=alt.EncodingSortField("weight", op="sum", order="descending"),
            ),
            color=alt.Color("articles:Q", title="文章数", scale=alt.Scale(scheme="oranges")),
            tooltip=["month:O", "term:N", "articles:Q", "weight:Q"],
        )
        .properties(width=WIDTH, title="关键词随时间变化 (TF-IDF 前 12)")
    )
    return chart


def run_history(runs: Records) -> Chart:
    """Stacked bars: the inputs of each run by outcome (new, updated, unchanged, rejected)."""
    if not runs:
        return note("没有运行记录 (no runs)")
    rows = [{**r, "outcome": OUTCOMES.get(str(r["outcome"]), r["outcome"])} for r in runs]
    chart: Chart = (
        alt.Chart(inline(rows))
        .mark_bar()
        .encode(
            x=alt.X("started:O", title="运行开始 (北京时间)"),
            y=alt.Y("articles:Q", title="输入数"),
            color=alt.Color(
                "outcome:N",
                title="结果",
                scale=alt.Scale(domain=list(OUTCOMES.values()), range=OUTCOME_COLOURS),
            ),
            tooltip=["run_id:N", "flow:N", "status:N", "outcome:N", "articles:Q"],
        )
        .properties(width=WIDTH, height=220, title="每次运行的文章")
    )
    return chart


def rejects_by_reason(rejects: Records) -> Chart:
    """Bars: rejects per reason, stacked by run."""
    if not rejects:
        return note("没有拒收的输入 (no rejects)")
    chart: Chart = (
        alt.Chart(inline(rejects))
        .mark_bar()
        .encode(
            x=alt.X("rejects:Q", title="拒收数"),
            y=alt.Y("reason:N", title=None, sort="-x"),
            color=alt.Color("started:O", title="运行"),
            tooltip=["run_id:N", "reason:N", "rejects:Q"],
        )
        .properties(width=WIDTH - 200, title="拒收原因")
    )
    return chart
