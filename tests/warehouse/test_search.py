"""Full-text search on a warehouse of invented articles: ranking, one-token organisations,
filters, the SQL macro, and a clear error without the fts extension."""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from edunews.cli import app
from tasks.enrich.nlp.segment import query_words, segment
from tests.warehouse import rows
from warehouse.db import connect
from warehouse.search import (
    SearchUnavailableError,
    has_search_index,
    load_fts,
    refresh_search_index,
    search,
)

runner = CliRunner()

# id -> (title, text, outlet, published day); all invented.
ARTICLES = {
    "both": (
        "科大讯飞助力青岚实验中学建设智慧课堂",
        "青岚实验中学与科大讯飞签署合作协议，科大讯飞将为学校的四十间教室部署智慧课堂系统，"
        "智慧课堂覆盖全部年级。",
        "青岚日报",
        date(2023, 5, 10),
    ),
    "org_only": (
        "科大讯飞发布新一代翻译机",
        "科大讯飞在发布会上展示了离线语音翻译功能，支持二十种语言。",
        "星海科技网",
        date(2023, 6, 2),
    ),
    "topic_only": (
        "云杉区推广智慧课堂",
        "云杉区教育局与星河智能合作，在十所小学试点智慧课堂，教师可以实时查看学生作答。",
        "青岚日报",
        date(2023, 4, 18),
    ),
    "split_words": (
        "湖光科大学生乘飞机赴外交流",
        "湖光科大的二十名学生乘坐飞机前往海外，参加为期两周的交流项目，讯问处提供了帮助。",
        "湖光晚报",
        date(2023, 7, 1),
    ),
    "old_org": (
        "科大讯飞与松原市签约",
        "2021年，科大讯飞与松原市人民政府签订教育信息化合作协议。",
        "松原新闻网",
        date(2021, 3, 3),
    ),
    "unrelated": (
        "青岚马拉松周日开跑",
        "青岚马拉松将于周日举行，两万名选手参赛，沿途设置十个补给站。",
        "青岚日报",
        date(2023, 9, 9),
    ),
}


def _store(con, article_id: str, title: str, text: str, outlet: str, day: date) -> None:
    rows.article(
        con, article_id, f"/in/{article_id}.txt", title=title, text=text, text_simplified=text,
        outlet=outlet, published_at=datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC),
    )  # fmt: skip
    con.execute(
        "INSERT INTO enrich.articles VALUES (?, ?, 'enrich-test', ?, 'run-1', now())",
        [article_id, f"hash-{article_id}", segment(f"{title}\n{text}").tokens],
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("search") / "w.duckdb"
    with rows.build(path) as con:
        for article_id, (title, text, outlet, day) in ARTICLES.items():
            _store(con, article_id, title, text, outlet, day)
    con = connect(path)
    try:
        assert not has_search_index(con)
        assert refresh_search_index(con, changed=False) is not None  # missing: built anyway
        assert refresh_search_index(con, changed=False) is None  # present and unchanged
    finally:
        con.close()
    return str(path)


def _ids(db: str, query: str, **options: object) -> list[object]:
    found = search(db, query_words(query), **options)  # type: ignore[arg-type]
    return [row[0] for row in found.rows]


def test_the_query_keeps_the_organisation_one_word_and_drops_punctuation() -> None:
    assert query_words("科大讯飞 智慧课堂") == ["科大讯飞", "智慧课堂"]
    assert query_words("科大訊飛，智慧課堂！") == [
        "科大讯飞",
        "智慧课堂",
    ]  # traditional → simplified
    assert query_words("AI 教育") == ["ai", "教育"]


def test_the_article_with_every_word_ranks_first(db: str) -> None:
    found = _ids(db, "科大讯飞 智慧课堂")
    assert found[0] == "both"
    assert set(found) == {"both", "org_only", "topic_only", "old_org"}


def test_the_organisation_matches_as_a_whole_not_its_characters(db: str) -> None:
    # split_words has 科大, 飞 and 讯 in other words: a query cut into 科大/讯/飞 would find it
    assert set(_ids(db, "科大讯飞")) == {"both", "org_only", "old_org"}
    assert _ids(db, "科大訊飛") == _ids(db, "科大讯飞")


def test_since_and_outlet_filter_before_the_limit(db: str) -> None:
    assert "old_org" not in _ids(db, "科大讯飞", since=date(2022, 1, 1))
    assert _ids(db, "科大讯飞 智慧课堂", outlets=["青岚日报"]) == ["both", "topic_only"]
    assert _ids(db, "科大讯飞 智慧课堂", limit=1, outlets=["星海科技网"]) == ["org_only"]
    assert _ids(db, "马拉松 科大讯飞", limit=2, since=date(2023, 9, 1)) == ["unrelated"]


def test_the_snippet_marks_the_words_where_they_first_appear(db: str) -> None:
    listing = search(db, ["智慧课堂"], limit=1, outlets=["青岚日报"])
    assert listing.columns == ["article_id", "title", "outlet", "published_at", "score", "snippet"]
    snippet = listing.rows[0][5]
    assert (
        isinstance(snippet, str)
        and "«智慧课堂»" in snippet
        and "«" not in snippet.replace("«智慧课堂»", "")
    )


def test_the_same_search_is_a_sql_macro_that_needs_no_extension_loaded(db: str) -> None:
    con = connect(Path(db), read_only=True)
    try:
        found = con.execute(
            "SELECT article_id FROM analytics.search('科大讯飞 智慧课堂', max_results := 1)"
        ).fetchall()
    finally:
        con.close()
    assert found == [("both",)]


def test_scores_are_the_extensions_bm25(db: str) -> None:
    con = connect(Path(db), read_only=True)
    try:
        load_fts(con)
        for query in ("科大讯飞 智慧课堂", "智慧课堂", "马拉松 学生 合作协议"):
            words = " ".join(query_words(query))
            ours = con.execute(
                "SELECT article_id, score FROM analytics.search(?, max_results := 100)", [words]
            ).fetchall()
            reference = con.execute(
                "SELECT article_id, round(fts_enrich_articles.match_bm25(article_id, ?), 4) AS s "
                "FROM enrich.articles WHERE s IS NOT NULL",
                [words],
            ).fetchall()
            assert ours and sorted(ours) == sorted(reference), query
    finally:
        con.close()


def test_search_as_json_lists_the_named_fields(db: str) -> None:
    result = runner.invoke(app, ["search", "科大讯飞，智慧课堂", "--db", db, "-f", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert list(records[0]) == ["article_id", "title", "outlet", "published_at", "score", "snippet"]
    assert records[0]["article_id"] == "both" and records[0]["outlet"] == "青岚日报"
    assert records[0]["published_at"].startswith("2023-05-10")
    assert records[0]["score"] > records[1]["score"] > 0
    csv = runner.invoke(app, ["search", "马拉松", "--db", db, "-f", "csv", "--since", "2023-09-09"])
    assert csv.stdout.splitlines()[0] == "article_id,title,outlet,published_at,score,snippet"
    assert csv.stdout.splitlines()[1].startswith("unrelated,青岚马拉松周日开跑,青岚日报,")


def test_an_indexed_warehouse_is_searched_without_the_extension(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "duckdb_extension_fts", None)  # as if not installed
    assert _ids(db, "科大讯飞 智慧课堂")[0] == "both"


def test_without_the_extension_package_an_unindexed_search_fails_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.duckdb"
    rows.build(path).close()  # no load could build an index without the extension
    monkeypatch.setitem(sys.modules, "duckdb_extension_fts", None)  # as if not installed
    result = runner.invoke(app, ["search", "科大讯飞", "--db", str(path)])
    message = " ".join(result.output.split())  # the console folds long lines
    assert result.exit_code == 1 and message.startswith("error: full-text search needs")
    assert "fts extension" in message and "`make install`" in message
    assert "Traceback" not in result.output and message.count("error:") == 1


def test_without_the_extension_file_an_index_cannot_be_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "duckdb_extension_fts"  # the package, without its extension binary
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "duckdb_extension_fts", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))  # DuckDB installs into ~/.duckdb: none here yet
    path = tmp_path / "w.duckdb"
    rows.build(path).close()
    con = connect(path)
    try:
        with pytest.raises(SearchUnavailableError, match="fts extension"):
            refresh_search_index(con, changed=True)
    finally:
        con.close()
    with pytest.raises(SearchUnavailableError, match="fts extension"):
        search(str(path), ["科大讯飞"])


def test_a_macro_from_before_plain_sql_ranking_still_answers(tmp_path: Path, db: str) -> None:
    path = tmp_path / "old.duckdb"
    path.write_bytes(Path(db).read_bytes())
    con = connect(path)
    try:  # the macro as built before: scores from the extension's match_bm25 (needs it loaded)
        load_fts(con)
        con.execute(
            "CREATE OR REPLACE MACRO analytics.search(query, since := NULL, outlets := NULL, "
            "max_results := 20) AS TABLE SELECT article_id, title, outlet, published_at, "
            "fts_enrich_articles.match_bm25(article_id, query) AS score, '' AS snippet "
            "FROM core.articles WHERE score IS NOT NULL ORDER BY score DESC LIMIT max_results"
        )
    finally:
        con.close()
    assert _ids(str(path), "科大讯飞 智慧课堂")[0] == "both"


def test_a_warehouse_without_an_index_says_how_to_build_it(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    rows.build(path).close()
    with pytest.raises(SearchUnavailableError, match="no search index yet"):
        search(str(path), ["科大讯飞"])


def test_a_query_of_punctuation_only_is_refused(db: str) -> None:
    result = runner.invoke(app, ["search", "，。！", "--db", db])
    assert result.exit_code == 2 and "nothing to search for" in result.output
