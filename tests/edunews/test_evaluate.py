"""Scoring stored enrichment against a gold file, on a small warehouse written by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edunews.evaluate import Gold, GoldFileError, Score, evaluate, load_gold
from tests.warehouse import rows
from warehouse.queries import QueryFailedError

GOLD = {
    "docs": ["a.txt", "b.txt", "c.txt"],
    "events": [
        {"doc": "a.txt", "type": "sign_agreement", "parties": ["科大讯飞", "红岭中学"],
         "date": "2022-03-28", "place": "深圳"},
        {"doc": "b.txt", "type": "sign_agreement", "parties": ["丁公司", "戊学校"],
         "date": "2021-12-29"},
        {"doc": "c.txt", "type": "sign_agreement", "parties": ["己", "庚"], "date": None},
    ],
    "people": [
        {"doc": "a.txt", "name": "王明", "title": "校长", "affiliation": "红岭中学"},
        {"doc": "a.txt", "name": "李华", "title": "董事长"},
        {"doc": "c.txt", "name": "赵六"},
    ],
    "places": [
        {"doc": "a.txt", "province": "广东省", "city": "深圳市"},
        {"doc": "b.txt", "province": "安徽省", "city": "合肥市"},
    ],
    "places_excludes": ["甘肃省合作市"],
    "about": "extra keys are ignored",
}  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> str:
    """Articles of a.txt (a file) and b.txt (a URL with a trailing slash), and one unlabelled."""
    path = tmp_path / "w.duckdb"
    with rows.build(path) as con:
        rows.article(con, "A", "/corpus/a.txt")
        rows.article(con, "B", "http://news.example.cn/b.txt/")
        rows.article(con, "Z", "/corpus/z.txt")
        rows.event(
            con, "A", "e1", "sign_agreement", ["科大訊飛", "深圳市福田区红岭中学"], "2022-03-28"
        )
        rows.event(con, "A", "e2", "renewal", ["甲公司", "乙学校"], None)
        rows.event(con, "A", "e3", "unveil", ["丙"], None)  # a type the gold does not label
        rows.event(con, "B", "e4", "sign_agreement", ["丁公司", "戊学校"], "XXXX-12-29")
        rows.event(con, "Z", "e5", "sign_agreement", ["辛", "壬"], None)  # not a gold document
        rows.person(con, "A", "王明", "校长", "深圳市福田区红岭中学")
        rows.person(con, "A", "李华", "总经理", "科大讯飞")
        rows.person(con, "A", "张三", None, None)  # the gold does not list everyone
        rows.place(con, "A", "广东省", "深圳市", "福田区", is_primary=True)
        rows.place(con, "A", "甘肃省", "甘南藏族自治州", "合作市", is_primary=False)
        rows.place(con, "B", "安徽省", "蚌埠市", None, is_primary=True)
        rows.place(con, "Z", "北京市", "北京市", None, is_primary=True)
    return str(path)


def test_each_kind_counts_what_was_found_missed_and_wrong(db):
    events, people, places = evaluate(db, Gold.model_validate(GOLD))
    assert events == Score(
        "events", gold=3, predicted=3, matched_gold=1, matched_predicted=1,
        missed=["b.txt: sign_agreement ['丁公司', '戊学校'] 2021-12-29",
                "c.txt: sign_agreement ['己', '庚'] None"],
        spurious=["a.txt: renewal ['甲公司', '乙学校'] None",
                  "b.txt: sign_agreement ['丁公司', '戊学校'] XXXX-12-29"],
    )  # fmt: skip
    assert people == Score(
        "people", gold=3, predicted=2, matched_gold=1, matched_predicted=1,
        missed=["a.txt: 李华 董事长 None", "c.txt: 赵六 None None"],
        spurious=["a.txt: 李华 总经理 科大讯飞"],
    )  # fmt: skip
    assert places == Score(
        "places", gold=2, predicted=3, matched_gold=1, matched_predicted=1,
        missed=["b.txt: 安徽省 合肥市 None"],
        spurious=["a.txt: excluded place 甘肃省甘南藏族自治州合作市", "b.txt: primary 安徽省蚌埠市"],
    )  # fmt: skip
    assert (events.precision, events.recall) == (1 / 3, 1 / 3)
    assert (places.precision, places.recall) == (1 / 3, 1 / 2)


def test_a_stored_party_matches_one_gold_party_only(db):
    gold = {
        "docs": ["a.txt"],
        "events": [{"doc": "a.txt", "type": "sign_agreement", "parties": ["红岭中学", "红岭中学"],
                    "date": "2022-03-28"}],
    }  # fmt: skip
    (events, _, _) = evaluate(db, Gold.model_validate(gold))
    assert events.matched_gold == 0
    assert events.missed == ["a.txt: sign_agreement ['红岭中学', '红岭中学'] 2022-03-28"]


def test_rates_are_none_when_nothing_was_predicted_or_labelled(db):
    scores = evaluate(db, Gold.model_validate({"docs": ["c.txt"], "people": GOLD["people"][2:]}))
    assert [(s.kind, s.precision, s.recall) for s in scores] == [
        ("events", None, None),
        ("people", None, 0.0),
        ("places", None, None),
    ]


def test_a_warehouse_without_enrichment_tables_fails_only_when_a_document_is_stored(tmp_path):
    path = tmp_path / "v3.duckdb"
    with rows.build(path, before=4) as con:
        rows.article(con, "A", "/corpus/a.txt")
    with pytest.raises(QueryFailedError, match="partnerships"):
        evaluate(str(path), Gold.model_validate(GOLD))
    nothing = evaluate(str(path), Gold.model_validate({**GOLD, "docs": ["c.txt"]}))
    assert [(s.predicted, s.matched_gold) for s in nothing] == [(0, 0)] * 3
    with pytest.raises(FileNotFoundError, match="run `edunews ingest` first"):
        evaluate(str(tmp_path / "none.duckdb"), Gold.model_validate(GOLD))


def test_load_gold_reads_a_valid_file(tmp_path):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"docs": ["a.txt"]}), encoding="utf-8")
    assert load_gold(path) == Gold(docs=["a.txt"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "gold file not found"),
        ("{not json", "gold file is not JSON"),
        ('{"events": []}', "is not in the expected format: docs: Field required"),
        ('{"docs": ["a"], "events": [{"doc": "a"}]}', "events.0.type: Field required"),
        ('{"docs": "a.txt"}', "docs: Input should be a valid list"),
    ],
)
def test_load_gold_says_what_is_wrong(tmp_path, content, message):
    path = tmp_path / "gold.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldFileError, match=message) as info:
        load_gold(path)
    assert str(path) in str(info.value)


def test_a_label_file_in_the_dev_set_format_is_read_and_scored(db, tmp_path):
    labels = {
        "about": "labels of real texts",
        "docs": ["a.txt", "b.txt"],
        "events": [
            {"doc": "a.txt", "type": "sign_agreement", "parties": ["科大讯飞", "福田区红岭中学"],
             "date": "2022-03-28", "place": ""},
            {"doc": "b.txt", "type": "sign_agreement", "parties": ["戊学校", "丁集团有限公司"],
             "parties_text": ["", "丁公司"], "agreement": "", "date": "XXXX-12-29", "place": ""},
        ],
        "people": [{"doc": "a.txt", "name": "王明", "title": "校长", "affiliation": ""}],
        "uncertain": [], "doc_kinds": {}, "doc_notes": {},
    }  # fmt: skip
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
    events, people, _ = evaluate(db, load_gold(path))
    assert (events.matched_gold, events.gold) == (
        2,
        2,
    )  # 丁公司 is how the text names 丁集团有限公司
    assert (people.matched_gold, people.gold) == (1, 1)  # '' affiliation: none labelled


def test_an_empty_date_means_the_event_must_have_none(db):
    gold = {
        "docs": ["a.txt"],
        "events": [{"doc": "a.txt", "type": "renewal", "parties": ["甲公司", "乙学校"], "date": ""}],
    }  # fmt: skip
    (events, _, _) = evaluate(db, Gold.model_validate(gold))
    assert events.matched_gold == 1


def test_people_s_government_and_government_are_one_party(tmp_path):
    path = tmp_path / "w.duckdb"
    with rows.build(path) as con:
        rows.article(con, "A", "/corpus/a.txt")
        rows.event(con, "A", "e1", "sign_agreement", ["杭州市政府", "某某大学"], None)
    gold = {
        "docs": ["a.txt"],
        "events": [{"doc": "a.txt", "type": "sign_agreement", "parties": ["杭州市人民政府", "某某大学"]}],
    }  # fmt: skip
    (events, _, _) = evaluate(str(path), Gold.model_validate(gold))
    assert events.matched_gold == 1


def test_a_label_file_without_places_does_not_score_them(db):
    gold = {"docs": ["a.txt", "b.txt"], "events": GOLD["events"][:1]}
    (_, _, places) = evaluate(db, Gold.model_validate(gold))
    assert (places.gold, places.predicted, places.precision) == (0, 0, None)
