"""Stories at load time, on real DuckDB files: copies join one story, across runs too."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from schemas import Article
from schemas.story import SIGNER_VERSION
from tasks.batch.signing import sign_stored
from tasks.load import stories as story_rules
from tasks.load.merge import load_run
from tasks.load.spool import article_row, signature_row
from tasks.load.stories import components, links, purity_completeness
from tasks.stories.signature import sign
from tests.tasks.load.samples import CHINA, article
from tests.tasks.load.test_merge import Rows, info, spool
from tests.tasks.stories.news import COURSE, DEAL, OUTLETS, TRAINING, repost
from tests.warehouse import rows
from warehouse.db import open_warehouse
from warehouse.queries import unsigned_articles

T0 = datetime(2024, 3, 28, 10, 0, tzinfo=CHINA)


def copy(name: str, body: str, outlet: int = 0, hours: int = 0) -> Article:
    """An article of one outlet, published `hours` after T0."""
    return article(
        f"/in/{name}.txt",
        text=body,
        text_simplified=body,
        outlet=OUTLETS[outlet][0],
        title=name,
        published_at=T0 + timedelta(hours=hours),
    )


def load(tmp_path: Path, run: str, *articles: Article) -> None:
    """Load the articles in one run, signed as the workers sign them."""
    batch: Rows = {
        "articles": [article_row(a) for a in articles],
        "signatures": [
            signature_row(sign(a.article_id, a.content_hash, a.text_simplified)) for a in articles
        ],
    }
    load_run(str(tmp_path / "w.duckdb"), spool(tmp_path, run, batch), info(run))


def stories(tmp_path: Path) -> dict[str, str]:
    """Article title -> the title of its story's earliest copy."""
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        found = con.execute(
            "SELECT a.title, s.title FROM core.articles AS a "
            "JOIN core.articles AS s ON s.article_id = a.story_id"
        ).fetchall()
    return dict(found)


def test_reposted_copies_join_one_story_and_other_stories_on_the_topic_do_not(
    tmp_path: Path,
) -> None:
    copies = [
        copy("deal-0", DEAL, 0, hours=0),
        copy("deal-1", repost(DEAL, 1), 1, hours=2),
        copy("deal-2", repost(DEAL, 2, edits=3), 2, hours=3),
        copy("deal-3", repost(DEAL, 3), 3, hours=5),
        copy("deal-4", repost(DEAL, 4, edits=2), 4, hours=1),
    ]
    load(tmp_path, "r1", *copies, copy("course", COURSE), copy("training", TRAINING))
    assert stories(tmp_path) == {
        "deal-0": "deal-0", "deal-1": "deal-0", "deal-2": "deal-0", "deal-3": "deal-0",
        "deal-4": "deal-0", "course": "course", "training": "training",
    }  # fmt: skip
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        (row,) = con.execute(
            "SELECT title, copies, outlets, first_published, article_ids[1] "
            "FROM analytics.stories WHERE copies > 1"
        ).fetchall()
    assert row[:3] == ("deal-0", 5, sorted(o for o, _, _ in OUTLETS))
    assert row[3] == T0 and row[4] == copies[0].article_id


def test_a_copy_in_a_later_run_joins_the_story_of_an_earlier_run(tmp_path: Path) -> None:
    load(tmp_path, "r1", copy("deal-0", DEAL), copy("course", COURSE))
    load(tmp_path, "r2", copy("deal-1", repost(DEAL, 1, edits=3), 1, hours=6))
    load(tmp_path, "r3", copy("course-1", repost(COURSE, 2), 2, hours=9))
    assert stories(tmp_path) == {
        "deal-0": "deal-0", "deal-1": "deal-0", "course": "course", "course-1": "course",
    }  # fmt: skip


def test_an_earlier_copy_loaded_later_names_the_story(tmp_path: Path) -> None:
    load(tmp_path, "r1", copy("late", repost(DEAL, 1), 1, hours=5))
    load(tmp_path, "r2", copy("first", DEAL, 0, hours=0))
    assert stories(tmp_path) == {"late": "first", "first": "first"}


def test_an_article_whose_body_changes_leaves_its_story(tmp_path: Path) -> None:
    load(tmp_path, "r1", copy("a", DEAL), copy("b", repost(DEAL, 1), 1, hours=1))
    load(tmp_path, "r2", copy("a", TRAINING))  # the same source, now another story
    assert stories(tmp_path) == {"a": "a", "b": "b"}
    load(tmp_path, "r3", copy("a", DEAL))  # and back
    assert stories(tmp_path) == {"a": "a", "b": "a"}


def test_a_body_too_short_to_compare_is_a_story_of_its_own(tmp_path: Path) -> None:
    notice = "青岚市教育局与星河智能签约。"
    load(tmp_path, "r1", copy("x", notice), copy("y", notice, 1, hours=1))
    assert stories(tmp_path) == {"x": "x", "y": "y"}


def fixture_corpus() -> tuple[list[Article], dict[str, str]]:
    """Three stories on one topic, each under 3-5 outlets (some edited); and their truth."""
    articles, truth = [], {}
    for n_copies, (name, body) in zip(
        (5, 3, 4), (("deal", DEAL), ("course", COURSE), ("training", TRAINING)), strict=True
    ):
        for i in range(n_copies):
            text = body if i == 0 else repost(body, i, edits=i % 4)
            item = copy(f"{name}-{i}", text, i, hours=i)
            articles.append(item)
            truth[item.article_id] = name
    return articles, truth


def test_stories_are_pure_and_complete_on_the_fixture_corpus(tmp_path: Path) -> None:
    articles, truth = fixture_corpus()
    found = components(
        truth,
        links(
            {a.article_id: sign(a.article_id, "h", a.text).minhash for a in articles},
            {a.article_id: sign(a.article_id, "h", a.text).bands for a in articles},
        ),
    )
    assert purity_completeness(found, truth) == (1.0, 1.0)
    load(tmp_path, "r1", *articles[::2])  # the warehouse, in two runs, agrees
    load(tmp_path, "r2", *articles[1::2])
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        stored = dict(con.execute("SELECT article_id, story_id FROM core.articles").fetchall())
    assert purity_completeness(stored, truth) == (1.0, 1.0)


def test_a_story_copied_many_times_is_compared_in_chunks_with_the_same_links(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    articles, _ = fixture_corpus()
    signed = [sign(a.article_id, "h", a.text) for a in articles]
    # 40 reposts of one release: 780 candidate pairs among them alone
    signed += [
        sign(f"deal-copy-{i}", "h", repost(DEAL, i % len(OUTLETS), edits=i % 4)) for i in range(40)
    ]
    minhashes = {s.article_id: s.minhash for s in signed}
    bands = {s.article_id: s.bands for s in signed}
    whole = links(minhashes, bands)
    monkeypatch.setattr(story_rules, "PAIRS_PER_CHUNK", 7)
    assert links(minhashes, bands) == whole
    assert len(whole) >= 780
    focus = {"deal-copy-3", articles[0].article_id}
    assert links(minhashes, bands, focus=focus) == [pair for pair in whole if focus & set(pair)]


def test_purity_and_completeness_count_articles_in_the_wrong_story() -> None:
    truth = {"a": 1, "b": 1, "c": 2, "d": 2}
    assert purity_completeness({"a": "x", "b": "x", "c": "x", "d": "y"}, truth) == (0.75, 0.75)
    assert purity_completeness({"a": "x", "b": "y", "c": "z", "d": "w"}, truth) == (1.0, 0.5)


def test_a_warehouse_from_before_stories_is_signed_and_grouped_at_the_next_load(
    tmp_path: Path,
) -> None:
    db = tmp_path / "w.duckdb"
    old = [copy("deal-0", DEAL), copy("deal-1", repost(DEAL, 1), 1, hours=2), copy("c", COURSE)]
    with rows.build(db, before=7) as con:
        for item in old:
            rows.article(
                con, item.article_id, item.source_uri, title=item.title, text=item.text,
                text_simplified=item.text, published_at=item.published_at,
                content_hash=item.content_hash,
            )  # fmt: skip
    assert {a.article_id for a in unsigned_articles(str(db), SIGNER_VERSION, 1.0)} == {
        a.article_id for a in old
    }
    with open_warehouse(str(db)) as con:  # migration 007: no stories yet, views work
        assert con.execute(
            "SELECT count(*) FROM core.articles WHERE story_id IS NULL"
        ).fetchone() == (3,)
        assert con.execute("SELECT count(*) FROM analytics.stories").fetchone() == (3,)
    # What GuardedRun.load does: sign the stored articles into the run's spool (beside the
    # batches' files), then load.
    folder = tmp_path / "r2"
    assert sign_stored(unsigned_articles(str(db), SIGNER_VERSION, 1.0), str(folder)) == 3
    new = copy("deal-2", repost(DEAL, 2, edits=3), 2, hours=4)
    load_run(str(db), spool(tmp_path, "r2", {
        "articles": [article_row(new)],
        "signatures": [signature_row(sign(new.article_id, new.content_hash, new.text))],
    }), info("r2"))  # fmt: skip
    assert stories(tmp_path) == {
        "deal-0": "deal-0",
        "deal-1": "deal-0",
        "deal-2": "deal-0",
        "c": "c",
    }
    assert unsigned_articles(str(db), SIGNER_VERSION, 1.0) == []


def test_signatures_of_another_signer_are_made_again(tmp_path: Path) -> None:
    load(tmp_path, "r1", copy("a", DEAL))
    db = tmp_path / "w.duckdb"
    with open_warehouse(str(db)) as con:
        con.execute("UPDATE core.article_signatures SET signer_version = 'minhash-v0'")
    assert [a.text for a in unsigned_articles(str(db), SIGNER_VERSION, 1.0)] == [DEAL]
