import os
import socket
import threading
from pathlib import Path

import pytest

from schemas import RejectReason, SourceRef, Stage
from tasks.sources.files import ReadSettings, SourceNotFoundError, discover_sources, read_source


def test_discover_walks_directories_recursively_and_skips_hidden(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "a" / "one.html").write_text("x")
    (tmp_path / "a" / "b" / "two.txt").write_text("y")
    (tmp_path / "a" / ".hidden.txt").write_text("z")
    (tmp_path / ".git" / "config").write_text("z")
    single = tmp_path / "single.txt"
    single.write_text("s")
    refs = discover_sources([str(tmp_path / "a"), str(single), str(tmp_path / "a" / "one.html")])
    assert [r.uri for r in refs] == sorted(
        [str(tmp_path / "a" / "b" / "two.txt"), str(tmp_path / "a" / "one.html"), str(single)]
    )


def test_missing_path_is_a_clear_user_error(tmp_path):
    with pytest.raises(SourceNotFoundError, match="no such file or directory: .*nope"):
        discover_sources([str(tmp_path / "nope")])


def test_read_keeps_bytes_and_hash(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes("<p>科大讯飞</p>".encode("gbk"))
    raw, reject = read_source(SourceRef(uri=str(path)), ReadSettings())
    assert reject is None and raw is not None
    assert raw.content == path.read_bytes()
    assert raw.size == len(raw.content) and raw.is_complete
    assert len(raw.sha256) == 64


def test_empty_file_is_rejected_but_recorded(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n")
    raw, reject = read_source(SourceRef(uri=str(path)), ReadSettings())
    assert raw is not None and raw.content == b"  \n"
    assert reject is not None and reject.reason is RejectReason.EMPTY and reject.stage is Stage.READ


def test_oversized_file_keeps_a_head_sample(tmp_path):
    path = tmp_path / "big.html"
    path.write_bytes(b"<p>" + b"a" * 5000 + b"</p>")
    raw, reject = read_source(
        SourceRef(uri=str(path)), ReadSettings(max_bytes=1000, head_bytes=100)
    )
    assert reject is not None and reject.reason is RejectReason.TOO_LARGE
    assert "over the" in reject.detail
    assert raw is not None and raw.size == 5007 and len(raw.content) == 100 and not raw.is_complete
    assert reject.raw_sha256 == raw.sha256


def test_unreadable_file_is_rejected(tmp_path):
    # a regular file by stat whose read fails with EIO, even for root
    raw, reject = read_source(SourceRef(uri="/proc/self/mem"), ReadSettings())
    assert raw is None
    assert reject is not None and reject.reason is RejectReason.UNREADABLE
    assert "Input/output error" in reject.detail


def test_a_directory_given_as_a_file_is_not_a_file(tmp_path):
    path = tmp_path / "dir.html"
    path.mkdir()
    raw, reject = read_source(SourceRef(uri=str(path)), ReadSettings())
    assert raw is None
    assert reject is not None and reject.reason is RejectReason.NOT_A_FILE
    assert reject.detail == "not a regular file (a directory)"


def read_within(ref: SourceRef, seconds: float = 10.0):
    """read_source in a thread, so that a regression that opens a FIFO fails instead of hanging."""
    outcome: list[tuple] = []
    worker = threading.Thread(target=lambda: outcome.append(read_source(ref, ReadSettings())))
    worker.daemon = True
    worker.start()
    worker.join(seconds)
    assert outcome, "read_source blocked: it opened a file that is not a regular file"
    return outcome[0]


def test_fifo_and_socket_are_rejected_without_being_opened(tmp_path):
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(tmp_path / "sock.txt"))
    refs = discover_sources([str(tmp_path)])
    assert [Path(r.uri).name for r in refs] == ["pipe.html", "sock.txt"]
    for ref, kind in zip(refs, ["a named pipe", "a socket"], strict=True):
        raw, reject = read_within(ref)
        assert raw is None and reject is not None
        assert reject.reason is RejectReason.NOT_A_FILE and kind in reject.detail
    listener.close()


def test_a_symlink_loop_is_a_reject_for_that_path_only(tmp_path):
    (tmp_path / "a.html").symlink_to(tmp_path / "b.html")
    (tmp_path / "b.html").symlink_to(tmp_path / "a.html")
    (tmp_path / "good.txt").write_text("正文", encoding="utf-8")
    refs = discover_sources([str(tmp_path)])
    assert [Path(r.uri).name for r in refs] == ["a.html", "b.html", "good.txt"]
    outcomes = [read_within(ref) for ref in refs]
    assert [o[1].reason if o[1] else None for o in outcomes] == [
        RejectReason.NOT_A_FILE,
        RejectReason.NOT_A_FILE,
        None,
    ]
    assert "symbolic link loop" in outcomes[0][1].detail
    assert discover_sources([str(tmp_path / "a.html")])[0].uri == str(tmp_path / "a.html")


def test_a_file_name_that_is_not_utf8_keeps_its_bytes_and_shows_them_escaped(tmp_path):
    name = b"\xd6\xd0\xce\xc4.txt"  # 中文.txt in GBK bytes, as an old archive has them
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as handle:
        handle.write("文件名不是UTF-8".encode())
    (ref,) = discover_sources([str(tmp_path)])
    assert ref.uri == f"{tmp_path}/\\xd6\\xd0\\xce\\xc4.txt"
    ref.uri.encode("utf-8")  # storable as text
    assert ref.fs_path == os.fsencode(tmp_path) + b"/" + name
    raw, reject = read_source(ref, ReadSettings())
    assert reject is None and raw is not None
    assert raw.content.decode() == "文件名不是UTF-8" and raw.source_uri == ref.uri
