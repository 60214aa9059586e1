"""Time full-text search on a warehouse of N invented Chinese articles (default 5,000).

Builds the articles from word pools (seeded, so every run builds the same corpus), segments them
as enrichment does, builds the index as a load does, then times `warehouse.search.search` (open
the file read-only, rank, snippets; no extension is loaded) and the macro alone on an open
connection, for a set of queries. Also checks that the top 10 holds every article naming the
query's organisation when there are at most 10 of them.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tasks.enrich.nlp.segment import query_words, segment
from warehouse.db import connect, open_warehouse
from warehouse.search import refresh_search_index, search

ORGS = ["星河智能", "月湾教育", "青岚科技", "云杉数据", "松原软件", "湖光网络", "白鹭信息"]
RARE_ORG = "科大讯飞"  # named by only a few articles: they must all be in the top 10
PLACES = ["青岚市", "云杉区", "湖光县", "松原市", "月湾镇", "白鹭州"]
SCHOOLS = ["实验中学", "第一小学", "职业学院", "师范大学", "外国语学校", "第二中学"]
TOPICS = ["智慧课堂", "人工智能课程", "教育信息化", "双减", "因材施教", "教师培训", "数字校园"]
OUTLETS = ["青岚日报", "湖光晚报", "星海科技网", "松原新闻网", "云杉教育在线"]
SENTENCES = [
    "{place}{school}与{org}签署{topic}合作协议，双方将共建实验室。",
    "{org}负责人表示，将在{place}推广{topic}，覆盖全部年级。",
    "据了解，{place}教育局今年投入专项资金，支持{school}开展{topic}试点。",
    "{school}的教师参加了{org}组织的{topic}培训，学习如何使用新的教学平台。",
    "会上，{place}有关部门介绍了{topic}的进展，并听取了学校和家长的意见。",
    "学生们在课堂上使用平板电脑完成练习，系统会实时反馈每个人的答题情况。",
    "专家认为，{topic}需要与课程改革结合，不能只追求设备数量。",
]
QUERIES = ["科大讯飞 智慧课堂", "星河智能", "人工智能课程 教师培训", "双减", "月湾教育 数字校园"]


def build(db: Path, n: int, rare: int, seed: int = 7) -> float:
    """Write n articles (rare of them naming RARE_ORG) with their tokens; return index seconds."""
    rng = random.Random(seed)
    start = datetime(2021, 1, 1, tzinfo=UTC)
    with open_warehouse(str(db)) as con:
        for i in range(n):
            org = RARE_ORG if i % (n // rare) == 0 and i // (n // rare) < rare else rng.choice(ORGS)
            fill = {
                "org": org, "place": rng.choice(PLACES), "school": rng.choice(SCHOOLS),
                "topic": rng.choice(TOPICS),
            }  # fmt: skip
            text = "".join(rng.choice(SENTENCES).format(**fill) for _ in range(rng.randint(8, 20)))
            title = f"{fill['place']}{fill['school']}与{org}推进{fill['topic']}"
            article_id = f"a{i:05d}"
            con.execute(
                "INSERT INTO core.articles BY NAME SELECT ? AS article_id, ? AS source_uri, "
                "? AS title, ? AS text, ? AS text_simplified, ? AS outlet, ? AS published_at, "
                "'utf-8' AS encoding, 'text' AS input_format, ? AS raw_sha256, ? AS content_hash, "
                "'bench' AS extractor_version, 1 AS version, 'bench' AS first_run_id, "
                "'bench' AS run_id, now() AS created_at, now() AS updated_at",
                [article_id, f"/bench/{i}.txt", title, text, text, rng.choice(OUTLETS),
                 start + timedelta(hours=7 * i), f"sha{i}", f"h{i}"],
            )  # fmt: skip
            con.execute(
                "INSERT INTO enrich.articles VALUES (?, ?, 'bench', ?, 'bench', now())",
                [article_id, f"h{i}", segment(f"{title}\n{text}").tokens],
            )
        seconds = refresh_search_index(con, changed=True)
    assert seconds is not None
    return seconds


def main() -> None:
    """Build the corpus, time the searches, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--rare", type=int, default=8, help="articles naming 科大讯飞")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.duckdb"
        started = time.perf_counter()
        seconds_index = build(db, args.articles, args.rare)
        print(f"{args.articles} articles built in {time.perf_counter() - started:.1f} s; "
              f"index rebuilt in {seconds_index:.2f} s")  # fmt: skip
        con = connect(db, read_only=True)
        for query in QUERIES:
            words = query_words(query)
            whole, macro = [], []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                found = search(str(db), words, limit=10)
                whole.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                con.execute(
                    "SELECT * FROM analytics.search(?, max_results := 10)", [" ".join(words)]
                ).fetchall()
                macro.append(time.perf_counter() - t0)
            print(
                f"{query:<24} search() median {statistics.median(whole) * 1000:6.1f} ms, "
                f"max {max(whole) * 1000:6.1f} ms; macro on an open connection median "
                f"{statistics.median(macro) * 1000:6.1f} ms; {len(found.rows)} hits shown"
            )
            if RARE_ORG in words:
                naming = {row[0] for row in con.execute(
                    "SELECT article_id FROM core.articles WHERE contains(text || title, ?)",
                    [RARE_ORG],
                ).fetchall()}  # fmt: skip
                top = {row[0] for row in found.rows}
                print(f"  articles naming {RARE_ORG}: {len(naming)}, in the top 10: "
                      f"{len(naming & top)}")  # fmt: skip
        con.close()
        t0 = time.perf_counter()
        query_words("科大讯飞 智慧课堂")
        print(f"query segmentation (warm jieba): {(time.perf_counter() - t0) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
