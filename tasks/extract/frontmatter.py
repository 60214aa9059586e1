"""Jekyll-style posts: YAML front matter, an HTML body, and trailing source/navigation lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

_OPENING = re.compile(r"\A\ufeff?[ \t]*---[ \t]*\r?\n")
_CLOSING = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)
_AUTOLINK = re.compile(r"^<(https?://[^>\s]+)>$")
_NAV_LINE = re.compile(r"^(?:\[[^\]]*\]\([^)]*\)\s*[｜|·]?\s*)+$")
_NAV_LABEL = re.compile(r"\[([^\]]*)\]\(")


class FrontMatterError(ValueError):
    """Front matter that cannot be read: unclosed, not YAML, or not a mapping."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True)
class Post:
    """A post split into its parts."""

    meta: dict[str, str | list[str]]
    body_html: str
    source_url: str | None
    nav_labels: list[str] = field(default_factory=list)


def has_front_matter(text: str) -> bool:
    """Say whether the text opens with a ``---`` front-matter fence."""
    return _OPENING.match(text) is not None


def _scalarise(value: object) -> str | list[str] | None:
    if value is None:
        return None
    if isinstance(value, list):
        return [str(v) for v in value if v is not None]
    if isinstance(value, dict):
        return None
    return str(value)


def split_post(text: str) -> Post:
    """Split a Jekyll-style post into front matter, HTML body, source URL and navigation labels.

    Args:
        text: The decoded post, starting with ``---``.

    Returns:
        The parts; front-matter values are strings or lists of strings (never parsed dates).

    Raises:
        FrontMatterError: the closing ``---`` is missing or the YAML is not a mapping.
    """
    opening = _OPENING.match(text)
    if opening is None:
        raise FrontMatterError("front_matter_invalid", "the post does not start with '---'")
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        raise FrontMatterError(
            "front_matter_unclosed",
            "front matter opened with '---' on line 1 is never closed by a '---' line",
        )
    raw_yaml = text[opening.end() : closing.start()]
    try:
        # BaseLoader keeps every value a string: dates are parsed by us, never guessed by YAML.
        loaded = yaml.load(raw_yaml, Loader=yaml.BaseLoader)  # noqa: S506 - BaseLoader is safe
    except yaml.YAMLError as exc:
        raise FrontMatterError(
            "front_matter_invalid", f"front matter is not valid YAML: {exc}"
        ) from exc
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise FrontMatterError("front_matter_invalid", "front matter is not a key: value mapping")
    meta: dict[str, str | list[str]] = {}
    for key, value in loaded.items():
        scalar = _scalarise(value)
        if scalar is not None:
            meta[str(key).strip().lower()] = scalar
    body, source_url, nav = _split_trailer(text[closing.end() :])
    return Post(meta=meta, body_html=body, source_url=source_url, nav_labels=nav)


def _split_trailer(body: str) -> tuple[str, str | None, list[str]]:
    """Peel the trailing autolink (the source URL) and navigation-link lines off a body."""
    lines = body.rstrip().splitlines()
    source_url: str | None = None
    nav: list[str] = []
    while lines:
        last = lines[-1].strip()
        if not last:
            lines.pop()
        elif (link := _AUTOLINK.match(last)) is not None:
            source_url = source_url or link.group(1)
            lines.pop()
        elif _NAV_LINE.match(last):
            nav = _NAV_LABEL.findall(last) + nav
            lines.pop()
        else:
            break
    return "\n".join(lines), source_url, nav


def as_list(value: str | list[str] | None) -> list[str]:
    """Return a front-matter value as a list: Jekyll allows ``a b`` strings or YAML lists."""
    if value is None:
        return []
    items = value if isinstance(value, list) else value.split()
    return [item.strip() for item in items if item.strip()]
