"""Readers during writes: the read copy (warehouse/publish.py) against DuckLake (SQLite catalog).

Builds a real warehouse by `edunews ingest` of invented Chinese pages, scales it to N articles
(default 100,000) by replicating every article's rows under new ids, rebuilds the search index,
then measures, medians of --repeat:
- copy cost: `publish_read_copy` (checkpoint, copy, rename) of the N-article file;
- commit cost: a package of --package articles (core, enrichment and signature rows) merged in
  one transaction, committed and checkpointed; for DuckLake the same rows into lake tables;
- reader latency: `edunews query "select count(*) from core.articles"` as a new process, alone
  and while a writer process commits packages and publishes after each; the same count from a
  bare `python -c` on the copy and on the lake (DuckLake needs no copy), and, for comparison,
  what a reader of the warehouse itself gets while the writer holds it.
DuckLake needs `pip install duckdb-extension-ducklake==1.5.5 duckdb-extension-sqlite-scanner==1.5.5`
(not in requirements.lock); without them its part is skipped. The machine is shared: the load
average is printed with each figure.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from warehouse.db import connect, open_warehouse
from warehouse.publish import publish_read_copy, read_copy_path
from warehouse.search import refresh_search_index

EDUNEWS = str(Path(sys.executable).parent / "edunews")
COUNT = "select count(*) from core.articles"
PLACES = ["青岚市", "云杉区", "湖光县", "松原市", "月湾镇", "白鹭州", "东湖市", "南屿县"]
SCHOOLS = ["实验中学", "第一小学", "职业学院", "师范大学", "外国语学校", "第二中学"]
ORGS = ["星河智能科技有限公司", "月湾教育集团", "青岚数据有限公司", "云杉软件股份有限公司"]
TOPICS = ["智慧课堂", "人工智能课程", "教育信息化", "因材施教", "教师培训", "数字校园"]
SENTENCES = [
    "{place}{school}与{org}签署{topic}合作协议，双方将共建联合实验室。",
    "{org}负责人表示，将在{place}推广{topic}，明年覆盖全部年级。",
    "据了解，{place}教育局今年投入专项资金，支持{school}开展{topic}试点。",
    "{school}的教师参加了{org}组织的{topic}培训，学习使用新的教学平台。",
    "会上，{place}有关部门介绍了{topic}的进展，并听取了学校和家长的意见。",
    "学生们在课堂上用平板电脑完成练习，系统实时反馈每个人的答题情况。",
]
# Rows that belong to an article (or an input) and are replicated under new ids; the values of
# these columns get a suffix so that keys stay unique.
KEY_COLUMNS = ("article_id", "source_uri", "event_id", "story_id")
PACKAGE_TABLES = ("core.articles", "core.article_signatures", "enrich.articles", "enrich.terms")
LAKE_EXTENSIONS = ("ducklake", "sqlite_scanner")


def write_pages(folder: Path, count: int, seed: int = 11) -> None:
    """Write count distinct invented Chinese news pages, as a portal serves them."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        fill = {
            "place": rng.choice(PLACES), "school": rng.choice(SCHOOLS),
            "org": rng.choice(ORGS), "topic": rng.choice(TOPICS),
        }  # fmt: skip
        paragraphs = "".join(
            f"<p>{rng.choice(SENTENCES).format(**fill)}第{n}期，记者{rng.randint(1, 999)}号。</p>"
            for _ in range(rng.randint(6, 14))
        )
        title = f"{fill['place']}{fill['school']}推进{fill['topic']}（第{n}期）"
        day = f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"
        (folder / f"page-{n:05d}.html").write_text(
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta name='publishdate' content='{day} 09:30'></head><body>"
            f"<div class='nav'>首页 &gt; 教育</div><article><h1>{title}</h1>{paragraphs}</article>"
            "</body></html>",
            encoding="utf-8",
        )


def replicated_tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Tables of core, raw and enrich whose rows belong to an article or input, with columns."""
    found: dict[str, list[str]] = {}
    for schema, table, column in con.execute(
        "SELECT schema_name, table_name, column_name FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name IN ('core', 'raw', 'enrich') "
        "ORDER BY schema_name, table_name, column_index"
    ).fetchall():
        found.setdefault(f"{schema}.{table}", []).append(column)
    return {t: cols for t, cols in found.items() if set(cols) & {"article_id", "source_uri"}}


def copy_rows(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str], source: str, suffix: str
) -> None:
    """Insert the rows of `source` into `table` with `suffix` appended to their key columns."""
    select = ", ".join(
        f"{c} || {suffix} AS {c}" if c in KEY_COLUMNS else c for c in columns
    )  # suffix is an SQL expression: a literal, or one of range r(k)
    con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} FROM {source}")


def scale(base: Path, big: Path, articles: int) -> None:
    """Copy the base warehouse and replicate its articles until it holds `articles`."""
    shutil.copyfile(base, big)
    with open_warehouse(str(big)) as con:
        row = con.execute(COUNT).fetchone()
        per_copy = int(row[0]) if row else 0
        copies = -(-articles // per_copy)
        for table, columns in replicated_tables(con).items():
            con.execute(f"CREATE TEMP TABLE orig AS SELECT * FROM {table}")
            con.execute("BEGIN TRANSACTION")
            copy_rows(con, table, columns, f"orig, range(1, {copies}) r(k)", "'~' || r.k")
            con.execute("COMMIT")
            con.execute("DROP TABLE orig")
        con.execute(f"DELETE FROM core.articles WHERE article_id IN (SELECT article_id FROM "
                    f"core.articles ORDER BY article_id OFFSET {articles})")  # fmt: skip
        started = time.perf_counter()
        refresh_search_index(con, changed=True)
        print(f"scaled to {articles:,} articles; index rebuilt in "
              f"{time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip


def commit_package(con: duckdb.DuckDBPyConnection, size: int, tag: str) -> float:
    """Merge `size` new articles (copies of stored ones) in one transaction; return seconds."""
    started = time.perf_counter()
    con.execute("BEGIN TRANSACTION")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE pick AS SELECT article_id FROM core.articles "
        f"WHERE article_id NOT LIKE '%#%' USING SAMPLE {size} ROWS"
    )
    for table in PACKAGE_TABLES:
        columns = [r[0] for r in con.execute(f"SELECT * FROM {table} LIMIT 0").description or []]
        source = f"{table} WHERE article_id IN (SELECT article_id FROM pick)"
        con.execute(f"CREATE OR REPLACE TEMP TABLE orig AS SELECT * FROM {source}")
        copy_rows(con, table, columns, "orig", f"'#{tag}'")
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    return time.perf_counter() - started


def writer(db: Path, seconds: float, size: int, publish: bool) -> None:
    """Commit packages for `seconds`, publishing after each (or, as before read copies, never);
    print JSON timings."""
    commits, copies = [], []
    con = connect(db)
    try:
        deadline = time.monotonic() + seconds
        n = 0
        while time.monotonic() < deadline:
            commits.append(commit_package(con, size, f"w{os.getpid()}-{n}"))
            if publish:
                copies.append(publish_read_copy(con, db) or 0.0)
            n += 1
    finally:
        con.close()
    print(json.dumps({"commits": commits, "copies": copies}), flush=True)


def time_process(argv: list[str]) -> tuple[float, int, str]:
    """Run a command; return its wall time, exit code and stdout."""
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, done.returncode, done.stdout.strip()


def edunews_count(db: Path) -> list[str]:
    """The analyst's count as a command."""
    return [EDUNEWS, "query", COUNT, "--db", str(db), "--format", "csv"]


def python_count(path: Path) -> list[str]:
    """The same count from a bare Python process on a DuckDB file, read-only."""
    code = (
        f"import duckdb; c = duckdb.connect({str(path)!r}, read_only=True); "
        "print(c.execute('select count(*) from core.articles').fetchone()[0])"
    )
    return [sys.executable, "-c", code]


def lake_count(lake: Path) -> list[str]:
    """The count from a bare Python process on the DuckLake catalog."""
    code = (
        "import duckdb, duckdb_extensions as d; c = duckdb.connect(); "
        "c.execute('SET autoinstall_known_extensions=false'); "
        f"[(d.import_extension(e, con=c), c.execute('LOAD ' + e)) for e in {LAKE_EXTENSIONS!r}]; "
        f"c.execute(\"ATTACH 'ducklake:sqlite:{lake / 'meta.sqlite'}' AS lake "
        f"(DATA_PATH '{lake / 'data'}/', READ_ONLY)\"); "
        "print(c.execute('select count(*) from lake.articles').fetchone()[0])"
    )
    return [sys.executable, "-c", code]


def readers_during(
    writer_argv: list[str] | None, reader: list[str], count: int
) -> dict[str, object]:
    """Run the reader `count` times, while the writer runs when one is given; summarise."""
    proc = None
    if writer_argv:
        proc = subprocess.Popen(writer_argv, stdout=subprocess.PIPE, text=True)
        time.sleep(2.0)  # let it open the file and start committing
    load = os.getloadavg()[0]
    runs = [time_process(reader) for _ in range(count)]
    written: dict[str, list[float]] = {}
    if proc is not None:
        out, _ = proc.communicate()
        written = json.loads(out.splitlines()[-1]) if out.strip() else {}
    walls = sorted(w for w, code, _ in runs if code == 0)
    counts = [int(o.splitlines()[-1]) for _, code, o in runs if code == 0]
    return {
        "ok": len(walls), "failed": count - len(walls),
        "median_s": statistics.median(walls) if walls else None,
        "max_s": walls[-1] if walls else None,
        "counts_rise": counts == sorted(counts), "first": counts[:1], "last": counts[-1:],
        "load": round(load, 2), "writer": _medians(written),
    }  # fmt: skip


def _medians(timings: dict[str, list[float]]) -> dict[str, object]:
    return {k: (len(v), round(statistics.median(v), 3)) for k, v in timings.items() if v}


def build_lake(big: Path, lake: Path) -> float:
    """Copy the articles' package tables of the big warehouse into a DuckLake; return seconds."""
    shutil.rmtree(lake, ignore_errors=True)
    (lake / "data").mkdir(parents=True)
    con = lake_connection(lake)
    con.execute(f"ATTACH '{big}' AS big (READ_ONLY)")
    started = time.perf_counter()
    for table in PACKAGE_TABLES:
        name = table.replace(".", "_").replace("core_", "")
        con.execute(f"CREATE TABLE lake.{name} AS SELECT * FROM big.{table}")
    con.close()
    return time.perf_counter() - started


def lake_connection(lake: Path) -> duckdb.DuckDBPyConnection:
    """A connection with the DuckLake catalog attached as `lake` (extensions from their wheels)."""
    from duckdb_extensions import import_extension

    con = duckdb.connect()
    con.execute("SET autoinstall_known_extensions = false")
    for extension in LAKE_EXTENSIONS:
        import_extension(extension, con=con)
        con.execute(f"LOAD {extension}")
    con.execute(
        f"ATTACH 'ducklake:sqlite:{lake / 'meta.sqlite'}' AS lake (DATA_PATH '{lake / 'data'}/')"
    )
    return con


def lake_writer(big: Path, lake: Path, seconds: float, size: int) -> None:
    """Commit packages of `size` articles into the lake for `seconds`; print JSON timings."""
    con = lake_connection(lake)
    con.execute(f"ATTACH '{big}' AS big (READ_ONLY)")
    commits = []
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        started = time.perf_counter()
        con.execute("BEGIN TRANSACTION")
        con.execute(
            "CREATE OR REPLACE TEMP TABLE pick AS SELECT article_id FROM big.core.articles "
            f"USING SAMPLE {size} ROWS"
        )
        for table in PACKAGE_TABLES:
            name = table.replace(".", "_").replace("core_", "")
            columns = [r[0] for r in con.execute(f"SELECT * FROM big.{table} LIMIT 0").description]
            source = f"big.{table} WHERE article_id IN (SELECT article_id FROM pick)"
            con.execute(f"CREATE OR REPLACE TEMP TABLE orig AS SELECT * FROM {source}")
            copy_rows(con, f"lake.{name}", columns, "orig", f"'#l{os.getpid()}-{n}'")
        con.execute("COMMIT")
        commits.append(time.perf_counter() - started)
        n += 1
    print(json.dumps({"commits": commits}), flush=True)


def main() -> None:
    """Build the warehouses, measure, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", type=Path, default=Path(".bench/readers"))
    parser.add_argument("--pages", type=int, default=500, help="pages of the ingested base")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--package", type=int, default=1000, help="articles per commit")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=40.0, help="writer's time per phase")
    parser.add_argument("--role", choices=["main", "writer", "lake-writer"], default="main")
    parser.add_argument("--no-publish", action="store_true")
    args = parser.parse_args()
    work = args.work.resolve()
    big, lake = work / "big.duckdb", work / "lake"
    if args.role == "writer":
        writer(big, args.seconds, args.package, publish=not args.no_publish)
        return
    if args.role == "lake-writer":
        lake_writer(big, lake, args.seconds, args.package)
        return

    base = work / "base.duckdb"
    if not base.exists():
        write_pages(work / "pages", args.pages)
        wall, code, _ = time_process([EDUNEWS, "ingest", str(work / "pages"), "--db", str(base)])
        assert code == 0, "the base ingest failed"
        print(f"base: ingest of {args.pages} pages {wall:.1f} s", flush=True)
    if not big.exists():
        scale(base, big, args.articles)
    print(f"warehouse: {big.stat().st_size / 2**20:.0f} MiB", flush=True)

    copies = []
    with open_warehouse(str(big)) as con:
        con.execute("CREATE TABLE IF NOT EXISTS ops.bench_touch (n INTEGER)")
        for n in range(args.repeat):
            con.execute("INSERT INTO ops.bench_touch VALUES (?)", [n])  # a change to copy
            copied = publish_read_copy(con, big)
            assert copied is not None, "the changed file was not copied"
            copies.append(copied)
        commits = [commit_package(con, args.package, f"c{n}") for n in range(args.repeat)]
    print(f"copy of the {big.stat().st_size / 2**20:.0f} MiB file: median "
          f"{statistics.median(copies):.2f} s {sorted(round(c, 2) for c in copies)}; "
          f"commit of {args.package} articles: median {statistics.median(commits):.2f} s "
          f"(load {os.getloadavg()[0]:.2f})", flush=True)  # fmt: skip

    me = [sys.executable, __file__, "--work", str(work), "--package", str(args.package)]
    writing = [*me, "--role", "writer", "--seconds", str(args.seconds)]
    for label, writer_argv, reader in (
        ("edunews query, alone", None, edunews_count(big)),
        ("edunews query, writer publishing", writing, edunews_count(big)),
        ("python -c on the copy, writer publishing", writing, python_count(read_copy_path(big))),
    ):
        print(label, readers_during(writer_argv, reader, args.repeat * 3), flush=True)
    read_copy_path(big).unlink()
    holding = readers_during([*writing, "--no-publish"], edunews_count(big), 2)
    print("edunews query, no copy, a writer holding the file (as before)", holding, flush=True)

    try:
        seconds = build_lake(big, lake)
    except (ImportError, duckdb.Error) as exc:
        print(f"DuckLake skipped: {exc}")
        return
    print(f"DuckLake built from the warehouse's package tables in {seconds:.1f} s")
    lake_writing = [*me, "--role", "lake-writer", "--seconds", str(args.seconds)]
    for label, writer_argv in (("lake, alone", None), ("lake, writer committing", lake_writing)):
        print(label, readers_during(writer_argv, lake_count(lake), args.repeat * 3), flush=True)


if __name__ == "__main__":
    main()
