"""Enrichment end to end: the seeds held to their gold, re-runs, version bumps, evaluation."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import flows.enrich
import flows.ingest
import schemas.enrichment
from edunews.evaluate import evaluate, load_gold
from flows.enrich import enrich
from flows.ingest import ingest
from tests.conftest import GOLD, ROOT
from tests.warehouse import rows

EDUNEWS = str(Path(sys.executable).parent / "edunews")

pytestmark = pytest.mark.usefixtures("prefect_harness")

ENRICH_TABLES = [
    "enrich.mentions", "enrich.people", "enrich.places", "enrich.events", "enrich.event_parties",
    "enrich.event_attendees", "enrich.metrics", "enrich.terms", "enrich.topics",
]  # fmt: skip


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse holding the five seed articles, enriched during ingest; tests only read it."""
    db = tmp_path_factory.mktemp("enrich") / "w.duckdb"
    summary = ingest(db_path=str(db))
    assert summary.n_new == 5 and summary.n_enriched == 5
    return db


@pytest.fixture
def seeded_copy(seeded: Path, tmp_path: Path) -> Path:
    """This test's own copy of the seeded warehouse, to write to."""
    return Path(shutil.copy(seeded, tmp_path / seeded.name))


def query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def fingerprint(db: Path) -> dict[str, list[tuple]]:
    return {t: sorted(map(repr, query(db, f"SELECT * FROM {t}"))) for t in ENRICH_TABLES}


def test_seed_events_people_and_places_match_the_gold(seeded):
    scores = {s.kind: s for s in evaluate(str(seeded), load_gold(GOLD))}
    for kind in ("events", "people", "places"):
        assert (scores[kind].precision, scores[kind].recall) == (1.0, 1.0), (
            kind, scores[kind].missed, scores[kind].spurious,
        )  # fmt: skip


def test_excluded_places_never_appear(seeded):
    rows = query(seeded, "SELECT province, city, district FROM analytics.places")
    assert ("甘肃省", "兰州市", None) in rows  # 001 names 兰州市 itself
    assert not any(
        d in ("合作市", "平湖市") or c in ("甘南藏族自治州", "嘉兴市") for _, c, d in rows
    )


def test_partnerships_read_as_a_table_of_deals(seeded):
    rows = query(
        seeded,
        "SELECT regexp_extract(p.url, 'infoCode=(.*)$', 1), event_date, parties, agreement, city "
        "FROM analytics.partnerships AS p WHERE event_type = 'sign_agreement' ORDER BY event_date",
    )
    assert [r[1] for r in rows] == [
        "2021-12-29",
        "2022-03-28",
        "2022-03-28",
        "2022-03-31",
        "XXXX-12-29",
    ]
    assert rows[0][2:] == (
        ["腾讯青少年科技学习中心", "深圳市福田区红岭中学"],
        "战略合作协议",
        "深圳市",
    )
    assert rows[3][2:] == (["科大讯飞", "广东省韶关市政府"], "战略合作协议", "韶关市")
    assert rows[4][3:] == ("智慧教育谷", "蚌埠市")
    seed_004 = query(
        seeded,
        "SELECT count(*) FROM analytics.partnerships JOIN core.articles USING (article_id) "
        "WHERE source_uri LIKE '%004_%'",
    )
    assert seed_004 == [(0,)]  # a district's three-year plan: no deal


def test_article_columns_script_simplified_and_securities(seeded, gold):
    rows = query(
        seeded, "SELECT source_uri, script, text_simplified, securities FROM core.articles"
    )
    for source_uri, script, simplified, securities in rows:
        expected = gold["articles"][Path(source_uri).name]
        assert script == expected["script"], source_uri
        assert securities == expected["securities"], source_uri
        # a Simplified article's gold text is in its Simplified column; the others list theirs
        wanted = (
            expected["text_contains"]
            if script == "simplified"
            else expected["text_simplified_contains"]
        )
        assert wanted and all(s in simplified for s in wanted), source_uri


def test_metrics_of_the_gold_are_found(seeded, gold):
    rows = query(
        seeded,
        "SELECT regexp_extract(source_uri, '[^/]+$'), m.text, m.value, m.unit "
        "FROM analytics.metrics AS m JOIN core.articles USING (article_id)",
    )
    for metric in gold["metrics"]:
        assert (metric["doc"], metric["text"], metric["value"], metric["unit"]) in rows, metric


def test_entities_are_one_per_actor_and_have_a_timeline(seeded):
    names = {n for (n,) in query(seeded, "SELECT name FROM enrich.entities WHERE kind = 'company'")}
    assert "科大讯飞" in names and not names & {"科大訊飛", "讯飞", "訊飛"}
    days = query(
        seeded,
        "SELECT DISTINCT day FROM analytics.entity_timeline WHERE name = '科大讯飞' ORDER BY day",
    )
    assert [str(d) for (d,) in days] == ["2022-03-29", "2022-04-01", "None"]  # 001: no date


def test_rerun_changes_nothing_and_a_version_bump_reenriches(seeded_copy, monkeypatch):
    db = seeded_copy
    before = fingerprint(db)
    again = enrich(db_path=str(db))
    assert (again.n_seen, again.n_enriched) == (0, 0)
    assert fingerprint(db) == before

    for module in (schemas.enrichment, flows.enrich, flows.ingest):
        monkeypatch.setattr(module, "ENRICHER_VERSION", "enrich-test-bump")
    bumped = enrich(db_path=str(db), workers=1)
    assert (bumped.n_seen, bumped.n_enriched) == (5, 5)
    assert query(db, "SELECT DISTINCT enricher_version FROM enrich.articles") == [
        ("enrich-test-bump",)
    ]
    assert fingerprint(db) == before  # same rules, same results; nothing fetched or re-read
    assert query(db, "SELECT count(*) FROM raw.documents") == [(5,)]


def test_evaluate_command_prints_precision_and_recall(seeded):
    result = subprocess.run(
        [EDUNEWS, "evaluate", str(GOLD), "--db", str(seeded)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if "events" in line or "people" in line]
    assert len(lines) == 2 and all(line.count("1.00") == 2 for line in lines)


def test_evaluate_rejects_a_bad_gold_file(tmp_path, seeded):
    bad = tmp_path / "gold.json"
    bad.write_text('{"events": []}', encoding="utf-8")
    result = subprocess.run(
        [EDUNEWS, "evaluate", str(bad), "--db", str(seeded)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "docs" in result.stderr and "Traceback" not in result.stderr


def test_enrich_later_from_stored_text_gives_the_same_rows(seeded, tmp_path):
    db = tmp_path / "later.duckdb"
    first = ingest(db_path=str(db), enrich=False)
    assert (first.n_new, first.n_enriched) == (5, 0)
    assert query(db, "SELECT count(*) FROM analytics.partnerships") == [(0,)]
    later = enrich(db_path=str(db), workers=1)
    assert (later.flow, later.n_seen, later.n_enriched) == ("enrich", 5, 5)
    assert fingerprint(db) == fingerprint(seeded)


def test_enrich_brings_a_warehouse_from_before_enrichment_up_to_date(tmp_path):
    db = tmp_path / "v3.duckdb"
    traditional = "蚌埠市全國智慧教育示範區建設推進會在江淮智慧教育研究院成功舉辦。"
    with rows.build(db, before=4) as con:
        rows.article(con, "A", "/corpus/a.txt", title="推進會", text=traditional)
    summary = enrich(db_path=str(db), workers=1)
    assert (summary.n_seen, summary.n_enriched) == (1, 1)
    assert query(db, "SELECT article_id, content_hash FROM enrich.articles") == [("A", "hash-A")]
    places = query(db, "SELECT province, city FROM analytics.places WHERE is_primary")
    assert places == [("安徽省", "蚌埠市")]  # found in the text converted to Simplified
