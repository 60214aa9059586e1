"""The Dask path: a real distributed.LocalCluster of two workers gives the same articles."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from distributed import LocalCluster

from flows.enrich import enrich
from flows.ingest import ingest
from flows.runners import dask_runner
from tests.conftest import SEEDS

pytestmark = pytest.mark.usefixtures("prefect_harness")

COLUMNS = "article_id, url, title, published_at, outlet, author, text, encoding, content_hash"


def articles(db) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"SELECT {COLUMNS} FROM core.articles ORDER BY article_id").fetchall()


def enrichment(db) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return (
            con.execute(
                "SELECT article_id, event_type, event_date, parties, agreement, city "
                "FROM analytics.partnerships ORDER BY ALL"
            ).fetchall()
            + con.execute("SELECT * FROM enrich.people ORDER BY ALL").fetchall()
        )


def test_dask_cluster_gives_the_same_articles_as_the_default_path(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    for i in range(60):  # enough inputs for several batches
        (corpus / f"extra-{i:02d}.txt").write_text(
            f"第{i}号新闻\n科大讯飞与第{i}中学签署智慧课堂战略合作协议，双方将共建人工智能教育实验室。\n",
            encoding="utf-8",
        )
    default = ingest(sources=[str(corpus)], db_path=str(tmp_path / "default.duckdb"))
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        runner = dask_runner(cluster.scheduler_address)
        on_dask = ingest.with_options(task_runner=runner)(
            sources=[str(corpus)], db_path=str(tmp_path / "dask.duckdb"), process_pool=False
        )
        later = tmp_path / "later.duckdb"  # extraction now, enrichment later, both on the cluster
        ingest.with_options(task_runner=runner)(
            sources=[str(corpus)], db_path=str(later), process_pool=False, enrich=False
        )
        enriched = enrich.with_options(task_runner=runner)(db_path=str(later), process_pool=False)
        ran_on_cluster = set(cluster.scheduler.task_prefixes)
    assert (
        (on_dask.n_seen, on_dask.n_new, on_dask.n_rejected)
        == (default.n_seen, default.n_new, 0)
        == (65, 65, 0)
    )
    assert articles(tmp_path / "dask.duckdb") == articles(tmp_path / "default.duckdb")
    assert enriched.n_enriched == 65
    expected = enrichment(tmp_path / "default.duckdb")
    assert len(expected) > 65  # 60 synthetic deals, the seeds' deals and people
    assert enrichment(tmp_path / "dask.duckdb") == expected == enrichment(later)
    # the batches really went to the cluster
    assert {"process_batch_task", "enrich_batch_task"} <= ran_on_cluster
