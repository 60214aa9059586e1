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
    path = tmp_path / "dir.html"
    path.mkdir()  # reading a directory as a file fails with an OS error
    raw, reject = read_source(SourceRef(uri=str(path)), ReadSettings())
    assert raw is None
    assert reject is not None and reject.reason is RejectReason.UNREADABLE
