"""The crawl policy file: durations, defaults and clear errors."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tasks.sources.policy import (
    DEFAULT_POLICY,
    CrawlPolicy,
    PolicyError,
    load_policy,
    parse_duration,
)


def test_the_shipped_policy_is_the_documented_default() -> None:
    policy = load_policy()
    assert policy == CrawlPolicy()
    assert policy.recheck_after == (
        timedelta(hours=1),
        timedelta(hours=6),
        timedelta(hours=24),
        timedelta(days=3),
    )
    assert policy.max_tries == 3 and sum(policy.retry_after, timedelta()) <= timedelta(days=5)
    assert (policy.poll_min, policy.poll_max) == (timedelta(minutes=15), timedelta(hours=24))


@pytest.mark.parametrize(
    ("text", "seconds"), [("90s", 90), ("15m", 900), ("6h", 21600), ("3d", 259200), ("1.5h", 5400)]
)
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[pages\n", "cannot read the crawl policy"),
        ("[pages]\nrecheck_after = ['1h']\n", "lacks 'retry_after'"),
        (
            "[pages]\nrecheck_after = ['1 week']\nretry_after = []\n[listings]\n",
            "'1 week' is not a duration",
        ),
    ],
)
def test_a_bad_policy_file_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "crawl.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PolicyError, match=message):
        load_policy(path)


def test_poll_bounds_must_hold_the_first_interval(tmp_path: Path) -> None:
    shipped = DEFAULT_POLICY.read_text(encoding="utf-8")
    path = tmp_path / "crawl.toml"
    path.write_text(shipped.replace('poll_first = "1h"', 'poll_first = "2d"'), encoding="utf-8")
    with pytest.raises(PolicyError, match="poll_min <= poll_first <= poll_max"):
        load_policy(path)


def test_the_environment_names_another_policy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "crawl.toml"
    shipped = DEFAULT_POLICY.read_text(encoding="utf-8")
    path.write_text(shipped.replace('"1h", "6h", "24h", "3d"', '"2h"'), encoding="utf-8")
    monkeypatch.setenv("EDUNEWS_CRAWL_POLICY", str(path))
    assert load_policy().recheck_after == (timedelta(hours=2),)
