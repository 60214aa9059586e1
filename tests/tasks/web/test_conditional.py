"""Conditional GET: validators from stored headers, and the request headers they make."""

from __future__ import annotations

from tasks.web.conditional import Validators, known_validators, validators_from_headers


def test_validators_make_conditional_request_headers() -> None:
    both = Validators(etag='"v1"', last_modified="Thu, 28 Mar 2024 08:00:00 GMT")
    assert both.request_headers() == {
        "If-None-Match": '"v1"',
        "If-Modified-Since": "Thu, 28 Mar 2024 08:00:00 GMT",
    }
    assert Validators(etag='"v2"').request_headers() == {"If-None-Match": '"v2"'}
    assert Validators().request_headers() == {}


def test_validators_come_from_stored_headers() -> None:
    assert validators_from_headers({"etag": '"a"', "content-type": "text/html"}) == Validators(
        etag='"a"'
    )
    assert validators_from_headers({"last-modified": "yesterday"}) == Validators(
        last_modified="yesterday"
    )
    assert validators_from_headers({"content-type": "text/html"}) is None


def test_known_pages_get_validators_even_without_them() -> None:
    known = known_validators(
        {
            "http://a.example/1": {"etag": '"1"'},
            "http://a.example/2": {},
            "http://a.example/3": None,
        }
    )
    assert known == {
        "http://a.example/1": Validators(etag='"1"'),
        "http://a.example/2": Validators(),
        "http://a.example/3": Validators(),
    }
