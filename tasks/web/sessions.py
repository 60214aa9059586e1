"""HTTP sessions for the client: one per thread, with our User-Agent, closed together."""

from __future__ import annotations

import threading
from typing import cast

import requests

_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
_ACCEPT_LANGUAGE = "zh-CN,zh;q=0.9,en;q=0.5"


class Sessions:
    """One requests Session per thread (Session is not documented as thread-safe,
    psf/requests#2766), all closed together."""

    def __init__(self, user_agent: str) -> None:
        """Open no session yet.

        Args:
            user_agent: The User-Agent header every session sends.
        """
        self._user_agent = user_agent
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[requests.Session] = []
        self.closed = False

    def current(self) -> requests.Session:
        """Return this thread's session, opening it on first use.

        Raises:
            RuntimeError: The sessions were closed.
        """
        session = cast("requests.Session | None", getattr(self._local, "session", None))
        if session is None:
            session = requests.Session()
            session.headers.update(
                {
                    "User-Agent": self._user_agent,
                    "Accept": _ACCEPT,
                    "Accept-Language": _ACCEPT_LANGUAGE,
                }
            )
            with self._lock:
                if self.closed:
                    session.close()
                    raise RuntimeError("the fetcher is closed")
                self._open.append(session)
            self._local.session = session
        return session

    def close(self) -> None:
        """Close every session (and its pooled connections) opened so far."""
        with self._lock:
            self.closed = True
            sessions, self._open = self._open, []
        for session in sessions:
            session.close()
