"""HTTP sessions: one per thread, our headers, all closed together (no network)."""

from __future__ import annotations

import threading

import pytest
import requests

from tasks.web.sessions import Sessions


def test_one_session_per_thread_with_our_headers() -> None:
    sessions = Sessions("edunews/0.1 (test)")
    mine = sessions.current()
    assert sessions.current() is mine and mine.headers["User-Agent"] == "edunews/0.1 (test)"
    assert "zh-CN" in str(mine.headers["Accept-Language"])
    other: list[requests.Session] = []
    thread = threading.Thread(target=lambda: other.append(sessions.current()))
    thread.start()
    thread.join()
    assert other and other[0] is not mine
    sessions.close()


def test_closed_sessions_open_no_more() -> None:
    sessions = Sessions("edunews/0.1")
    sessions.close()
    assert sessions.closed
    with pytest.raises(RuntimeError, match="closed"):
        sessions.current()
