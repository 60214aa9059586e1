"""Redirects: the chain logic with scripted answers (no network), then a real server."""

from __future__ import annotations

from collections.abc import Callable

from schemas import RejectReason
from tasks.web.get import Response
from tasks.web.redirects import follow
from tasks.web.retry import Tried
from tasks.web.urlguard import Refusal
from tests.httpserver import Route, Server
from tests.tasks.web.support import START, fast, fetch

SITE = "http://news.example"


def scripted(locations: dict[str, str]) -> tuple[list[str], Callable[[str], Tried]]:
    """A request function: a 302 to ``locations[url]`` where given, a 200 elsewhere."""
    requested: list[str] = []

    def request(url: str) -> Tried:
        requested.append(url)
        location = locations.get(url)
        status = 302 if location is not None else 200
        return Tried(Response(url, START, status, location=location, body=b"ok"), 1)

    return requested, request


def test_relative_and_absolute_locations_are_followed_without_fragments() -> None:
    requested, request = scripted({f"{SITE}/a": "/b#top", f"{SITE}/b": f"{SITE}/c"})
    chain = follow(f"{SITE}/a", request, allow_private=True, max_redirects=5)
    assert requested == [f"{SITE}/a", f"{SITE}/b", f"{SITE}/c"]
    assert chain.url == f"{SITE}/c" and chain.refusal is None
    assert chain.last is not None and chain.last.response.status == 200


def test_a_url_may_come_back_once() -> None:
    # A site that sets a cookie and redirects to itself, then answers.
    answers = iter([f"{SITE}/a", None])
    requested: list[str] = []

    def request(url: str) -> Tried:
        requested.append(url)
        location = next(answers)
        return Tried(Response(url, START, 302 if location else 200, location=location), 1)

    chain = follow(f"{SITE}/a", request, allow_private=True, max_redirects=5)
    assert requested == [f"{SITE}/a", f"{SITE}/a"] and chain.refusal is None


def test_loop_is_refused_when_a_url_comes_back_twice() -> None:
    requested, request = scripted({f"{SITE}/a": "/b", f"{SITE}/b": "/a"})
    chain = follow(f"{SITE}/a", request, allow_private=True, max_redirects=10)
    assert chain.refusal is not None
    assert chain.refusal.reason == RejectReason.TOO_MANY_REDIRECTS
    assert chain.refusal.detail == (
        f"redirect loop: {SITE}/a -> {SITE}/b -> {SITE}/a -> {SITE}/b -> {SITE}/a"
    )
    assert len(requested) == 4 and chain.last is not None


def test_more_than_the_cap_is_refused() -> None:
    hops = {f"{SITE}/{n}": f"/{n + 1}" for n in range(10)}
    requested, request = scripted(hops)
    chain = follow(f"{SITE}/0", request, allow_private=True, max_redirects=2)
    assert chain.refusal is not None and chain.refusal.detail.startswith("more than 2 redirects: ")
    assert requested == [f"{SITE}/0", f"{SITE}/1", f"{SITE}/2"]


def test_every_hop_passes_the_url_guard() -> None:
    # From a public literal address (not resolved) to loopback: refused before it is requested.
    requested, request = scripted({"http://8.8.8.8/a": "http://127.0.0.1/admin"})
    chain = follow("http://8.8.8.8/a", request, allow_private=False, max_redirects=5)
    assert requested == ["http://8.8.8.8/a"] and chain.last is None
    assert chain.refusal is not None and chain.refusal.reason == RejectReason.BLOCKED_ADDRESS
    assert chain.refusal.detail.endswith("(redirected from http://8.8.8.8/a)")
    assert chain.url == "http://127.0.0.1/admin"


def test_every_hop_passes_the_extra_permit() -> None:
    requested, request = scripted({f"{SITE}/a": "/private/b"})
    checked: list[str] = []

    def permit(url: str) -> Refusal | None:
        checked.append(url)
        return Refusal(RejectReason.ROBOTS_DISALLOWED, "no") if "private" in url else None

    chain = follow(f"{SITE}/a", request, allow_private=True, max_redirects=5, permit=permit)
    assert checked == [f"{SITE}/a", f"{SITE}/private/b"] and requested == [f"{SITE}/a"]
    assert chain.refusal == Refusal(
        RejectReason.ROBOTS_DISALLOWED, f"no (redirected from {SITE}/a)"
    )


def test_a_refused_first_url_is_never_requested() -> None:
    requested, request = scripted({})
    chain = follow("ftp://news.example/a", request, allow_private=True, max_redirects=5)
    assert requested == [] and chain.last is None
    assert chain.refusal is not None and chain.refusal.reason == RejectReason.BAD_URL
    assert "redirected from" not in chain.refusal.detail


# --- against a real server ---------------------------------------------------------------------


def test_redirect_chain_is_followed(server: Server) -> None:
    start = server.route("/r1", Route(301, headers={"Location": "/r2"}))
    server.route("/r2", Route(302, headers={"Location": f"{server.base}/final"}))
    final = server.route("/final", Route(body=b"<p>ok</p>"))
    result = fetch(start, fast())
    assert result.reject is None and result.raw is not None
    assert result.url == start and result.final_url == final and result.raw.source_uri == start
    assert [(a.url, a.status) for a in result.attempts] == [
        (start, 301),
        (f"{server.base}/r2", 302),
        (final, 200),
    ]
    assert [a.attempt for a in result.attempts] == [1, 2, 3]


def test_redirect_loop_is_rejected(server: Server) -> None:
    start = server.route("/loop-a", Route(302, headers={"Location": "/loop-b"}))
    server.route("/loop-b", Route(302, headers={"Location": "/loop-a"}))
    result = fetch(start, fast())
    assert result.reject is not None and result.reject.reason == RejectReason.TOO_MANY_REDIRECTS
    assert result.reject.detail.startswith("redirect loop: ")
    assert len(result.attempts) <= 5


def test_redirect_cap_is_enforced(server: Server) -> None:
    for n in range(5):
        server.route(f"/hop{n}", Route(302, headers={"Location": f"/hop{n + 1}"}))
    result = fetch(f"{server.base}/hop0", fast(max_redirects=2))
    assert result.reject is not None and result.reject.reason == RejectReason.TOO_MANY_REDIRECTS
    assert "more than 2 redirects" in result.reject.detail
    assert server.paths().count("/hop3") == 0 and len(result.attempts) == 3


def test_redirect_to_another_scheme_is_refused(server: Server) -> None:
    url = server.route("/to-ftp", Route(302, headers={"Location": "ftp://127.0.0.1/file.html"}))
    result = fetch(url, fast())
    assert result.reject is not None and result.reject.reason == RejectReason.BAD_URL
    assert "not ftp://" in result.reject.detail and "redirected from" in result.reject.detail
    assert result.final_url == url


def test_redirect_to_a_robots_disallowed_path_is_refused(server: Server) -> None:
    server.route("/robots.txt", Route(body=b"User-agent: *\nDisallow: /private/\n"))
    url = server.route("/open", Route(302, headers={"Location": "/private/x"}))
    result = fetch(url, fast())
    assert result.reject is not None and result.reject.reason == RejectReason.ROBOTS_DISALLOWED
    assert result.reject.detail.endswith(f"(redirected from {url})")
    assert "/private/x" not in server.paths()
