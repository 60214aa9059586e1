"""Readers during writes, with real processes: `edunews query` while `edunews ingest` runs, and
an analyst's open session on the read copy while a run loads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from warehouse.db import open_warehouse
from warehouse.publish import read_copy_path

EDUNEWS = str(Path(sys.executable).parent / "edunews")
PAGES = 200
COUNT = "select count(*) from core.articles"
PARAGRAPHS = [
    "{city}教育局与{firm}签署人工智能教育合作协议，双方将在{n}所中小学建设智慧课堂。",
    "据介绍，首批试点学校将开设编程与人工智能课程，{firm}派出工程师驻校指导教师备课。",
    "{city}第{n}中学校长表示，学校将借助学情分析平台减轻教师批改作业的负担，做到因材施教。",
    "活动现场，学生们用自己编写的程序控制机器人完成分拣任务，吸引了不少家长驻足观看。",
    "下一步，{city}将总结试点经验，计划三年内把智慧课堂推广到全市所有义务教育学校。",
]
CITIES = ["东湖市", "西岭县", "南屿市", "北川区", "青石镇"]
FIRMS = ["星河智能科技有限公司", "远帆教育科技集团", "明镜数据有限公司"]
ANALYST = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
for _ in sys.stdin:
    print(con.execute("select count(*) from core.articles").fetchone()[0], flush=True)
"""


def write_pages(folder: Path, count: int) -> None:
    """Write count distinct news pages of a Chinese education portal."""
    folder.mkdir()
    for n in range(count):
        city, firm = CITIES[n % len(CITIES)], FIRMS[n % len(FIRMS)]
        body = "".join(
            f"<p>{p.format(city=city, firm=firm, n=n + k)}</p>" for k, p in enumerate(PARAGRAPHS)
        )
        title = f"{city}推进人工智能进课堂（第{n}期）"
        (folder / f"news-{n:04d}.html").write_text(
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta name='publishdate' content='2024-03-{1 + n % 28:02d} 08:00'></head><body>"
            "<div class='crumb'>首页 &gt; 教育 &gt; 正文</div>"
            f"<div class='article'><h1>{title}</h1>{body}</div>"
            "<div class='footer'>版权所有 东湖教育网</div></body></html>",
            encoding="utf-8",
        )


def start_ingest(folder: Path, db: Path, *extra: str) -> subprocess.Popen[str]:
    """Start `edunews ingest` as a user would, with its own temporary Prefect server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env |= {"PREFECT_HOME": str(db.parent / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    return subprocess.Popen(
        [EDUNEWS, "ingest", str(folder), "--db", str(db), *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def query_count(db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EDUNEWS, "query", COUNT, "--db", str(db), "--format", "csv"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_queries_answer_throughout_an_ingest_and_never_go_back(tmp_path):
    db = tmp_path / "w.duckdb"
    with open_warehouse(str(db)):
        pass  # the warehouse exists (and so its read copy) before the run, as on a schedule
    write_pages(tmp_path / "in", PAGES)
    # Small batches and packages: the run commits (and publishes) several times as it goes.
    run = start_ingest(tmp_path / "in", db, "--batch-size", "20", "--package-size", "40")
    counts = []
    try:
        while run.poll() is None:
            answer = query_count(db)
            assert answer.returncode == 0, answer.stderr
            counts.append(int(answer.stdout.split()[-1]))
        stdout, stderr = run.communicate(timeout=60)
    finally:
        run.kill()
        run.wait()
    assert run.returncode == 0, stderr
    assert len(counts) >= 2  # the queries ran during the run, not only after it
    final = query_count(db)
    assert final.returncode == 0 and int(final.stdout.split()[-1]) == PAGES
    counts.append(PAGES)
    assert counts == sorted(counts), counts


def test_an_ingest_completes_while_an_analyst_holds_the_read_copy(tmp_path):
    db = tmp_path / "w.duckdb"
    with open_warehouse(str(db)):
        pass
    analyst = subprocess.Popen(
        [sys.executable, "-c", ANALYST, str(read_copy_path(db))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert analyst.stdin is not None and analyst.stdout is not None
    try:
        analyst.stdin.write("count\n")
        analyst.stdin.flush()
        assert analyst.stdout.readline().strip() == "0"  # the session is open
        write_pages(tmp_path / "in", 40)
        run = start_ingest(tmp_path / "in", db, "--lock-timeout", "5")
        stdout, stderr = run.communicate(timeout=600)
        assert run.returncode == 0, stderr
        assert "error" not in stderr.lower()
        analyst.stdin.write("count\n")
        analyst.stdin.flush()
        assert analyst.stdout.readline().strip() == "0"  # still answering, from its snapshot
        final = query_count(db)
        assert final.returncode == 0 and final.stdout.split()[-1] == "40"
    finally:
        analyst.kill()
        analyst.wait()
