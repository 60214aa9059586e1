"""`edunews raw`: the exact bytes of what was ingested, by payload hash or article id."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from edunews.cli import app
from flows.ingest import ingest
from tests.warehouse import rows
from warehouse.db import connect, open_warehouse
from warehouse.raw import RawNotFoundError, raw_payload

pytestmark = pytest.mark.usefixtures("prefect_harness")
runner = CliRunner()

PARAGRAPH = (
    "青岚市第二中学与星河智能签署人工智能教育合作协议，双方将共建智慧课堂实验室，覆盖全部年级。"
)
INPUTS = {  # invented pages in the byte forms inputs arrive in
    "gbk.html": (
        "<html><head><meta charset='gbk'><title>青岚二中签约星河智能</title></head><body>"
        f"<div class='nav'>首页 | 新闻</div><article><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>"
        "</article><div>版权所有 青岚日报</div></body></html>\r\n"
    ).encode("gbk"),
    "bom.txt": b"\xef\xbb\xbf" + f"青岚签约\n\n{PARAGRAPH}\n".encode(),
    "image.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 3,  # a reject keeps its bytes too
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("raw")
    src = folder / "in"
    src.mkdir()
    for name, content in INPUTS.items():
        (src / name).write_bytes(content)
    ingest(sources=[str(src)], db_path=str(folder / "w.duckdb"), enrich=False)
    return folder / "w.duckdb"


def _article_id(db: Path, name: str) -> str:
    con = connect(db, read_only=True)
    try:
        row = con.execute(
            "SELECT article_id FROM core.articles WHERE source_uri LIKE ?", [f"%/{name}"]
        ).fetchone()
    finally:
        con.close()
    assert row is not None
    return str(row[0])


@pytest.mark.parametrize("name", list(INPUTS))
def test_every_input_comes_back_byte_for_byte_by_its_hash(db: Path, name: str) -> None:
    sha = hashlib.sha256(INPUTS[name]).hexdigest()
    payload = raw_payload(str(db), sha)
    assert payload.content == INPUTS[name] and payload.is_complete
    assert payload.source_uri.endswith(name) and payload.size == len(INPUTS[name])
    assert raw_payload(str(db), sha[:12]).content == INPUTS[name]  # a unique prefix will do


def test_an_article_gives_the_bytes_it_was_extracted_from(db: Path, tmp_path: Path) -> None:
    article = _article_id(db, "gbk.html")
    out = tmp_path / "page.html"
    result = runner.invoke(app, ["raw", article, "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == INPUTS["gbk.html"]
    stdout = runner.invoke(app, ["raw", article[:10], "--db", str(db)])
    assert stdout.exit_code == 0 and stdout.stdout_bytes == INPUTS["gbk.html"]


def test_a_wrong_key_is_a_one_line_error(db: Path, tmp_path: Path) -> None:
    with pytest.raises(RawNotFoundError, match="no kept payload"):
        raw_payload(str(db), "0" * 64)
    short = runner.invoke(app, ["raw", "abc", "--db", str(db)])
    assert short.exit_code == 2 and "at least 8 hex characters" in short.output
    missing = runner.invoke(app, ["raw", "f" * 16, "--db", str(db)])
    assert missing.exit_code == 1 and "no kept payload or article matches" in missing.output
    folder = runner.invoke(
        app, ["raw", _article_id(db, "bom.txt"), "--db", str(db), "--out", str(tmp_path)]
    )
    assert folder.exit_code == 1 and "cannot write" in folder.output
    assert all("Traceback" not in r.output for r in (short, missing, folder))


def test_bytes_kept_inside_an_older_warehouse_move_to_a_payload_file(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = rows.build(path, before=9)  # as releases before the payload files left it
    page = INPUTS["gbk.html"]
    sha = hashlib.sha256(page).hexdigest()
    con.execute(
        "INSERT INTO raw.documents (source_uri, sha256, size, content, is_complete, fetched_at, "
        "run_id) VALUES ('/in/old.html', ?, ?, ?, true, now(), 'old-run')",
        [sha, len(page), page],
    )
    con.close()
    with open_warehouse(str(path)) as migrated:  # a writer applies migration 009
        columns = {r[0] for r in migrated.execute("DESCRIBE raw.documents").fetchall()}
    assert "content" not in columns and "payload_file" in columns
    assert (tmp_path / "raw" / "migrated-009.parquet").is_file()
    assert raw_payload(str(path), sha).content == page
