"""What the report reads: deals with their day, places by province, signings, actors, runs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.tasks.report.sample import build_sample
from tests.warehouse import rows
from warehouse.report_data import ReportData, read_report_data


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(build_sample(tmp_path_factory.mktemp("report") / "w.duckdb"))


@pytest.fixture(scope="module")
def data(db: str) -> ReportData:
    return read_report_data(db)


def test_deals_carry_their_day_newest_first(data: ReportData) -> None:
    days = [(d["event_id"], d["day"]) for d in data.deals]
    # a month-precision date is its first day; XXXX (no year) has none and sorts by publication
    assert days == [("e3", None), ("e4", "2022-05-20"), ("e2", "2022-04-01"), ("e1", "2022-03-09")]
    deal = data.deals[1]
    assert deal["parties"] == ["海淀实验中学", "启明科技"] and deal["published"] is None
    assert data.deals[2]["url"] == "https://news.example.cn/a2.html"


def test_provinces_count_articles_by_the_province_part_of_the_adcode(data: ReportData) -> None:
    counts = {p["province_code"]: p["articles"] for p in data.provinces}
    assert counts == {"110000": 1, "340000": 1, "440000": 2}


def test_signings_link_every_pair_of_parties_of_a_deal(data: ReportData) -> None:
    pairs = {(s["source"], s["target"]): s["deals"] for s in data.signings}
    assert pairs[("南山区教育局", "星火智教")] == 2  # two deals of the same pair
    assert {
        ("星火智教", "淮河大学"),
        ("星火智教", "蚌埠市政府"),
        ("淮河大学", "蚌埠市政府"),
    } <= set(pairs)
    assert len(pairs) == 5


def test_top_organisations_and_people_by_articles(data: ReportData) -> None:
    assert data.organisations[0] == {
        "name": "星火智教",
        "kind": "company",
        "articles": 3,
        "deals": 3,
    }
    assert data.people[0] == {
        "name": "林晓峰",
        "role": "蚌埠市政府 副市长",
        "articles": 2,
    }  # latest role


def test_keywords_are_counted_per_month(data: ReportData) -> None:
    cells = {(k["month"], k["term"]): k["articles"] for k in data.keywords}
    assert cells[("2022-03", "智慧课堂")] == 1 and cells[("2022-04", "智慧课堂")] == 1
    assert ("2023-01", "大模型") in cells
    assert all(k["month"] for k in data.keywords)  # the undated article has no month


def test_runs_are_long_form_by_outcome_and_rejects_by_reason(data: ReportData) -> None:
    run2 = {r["outcome"]: r["articles"] for r in data.runs if r["run_id"] == "run-2"}
    assert run2 == {"new": 2, "updated": 0, "unchanged": 1, "rejected": 2}
    reasons = {(r["run_id"], r["reason"]): r["rejects"] for r in data.rejects}
    assert reasons == {
        ("run-1", "not_article"): 1,
        ("run-2", "empty"): 1,
        ("run-2", "not_article"): 1,
    }


def test_since_keeps_later_articles_and_runs_only(db: str) -> None:
    later = read_report_data(db, date(2022, 4, 1))
    assert later.articles == 2  # a2, a3; a4 has no publication date
    assert {d["event_id"] for d in later.deals} == {"e2", "e3"}
    assert {r["run_id"] for r in later.runs} == {"run-2"}
    assert {r["run_id"] for r in later.rejects} == {"run-2"}
    assert ("南山区教育局", "星火智教") in {(s["source"], s["target"]) for s in later.signings}


def test_an_empty_warehouse_reads_as_empty_tables(tmp_path: Path) -> None:
    rows.build(tmp_path / "w.duckdb").close()
    empty = read_report_data(str(tmp_path / "w.duckdb"))
    assert empty.articles == 0 and empty.deals == [] and empty.runs == [] and empty.keywords == []
