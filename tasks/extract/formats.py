"""Input formats: tell a decoded input's format and read its fields with that format's extractor.

A new format gets a case in `schemas.article.InputFormat`, a test in `detect_format`, a parser
module beside htmlpage.py / textpage.py / frontmatter.py, and a branch in `read_fields`.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas import InputFormat
from tasks.extract.bylines import find_source_credit, outlet_from_tag
from tasks.extract.dates import FoundDate, InvalidDateError, parse_datetime
from tasks.extract.frontmatter import as_list, has_front_matter, split_post
from tasks.extract.htmlpage import (
    extract_body_text,
    extract_html_page,
    looks_like_html,
    measure_markup,
)
from tasks.extract.textpage import parse_text_article


@dataclass(frozen=True)
class PageFields:
    """The fields a format's extractor found, the same for every format, before validation."""

    input_format: InputFormat
    title: str | None
    published: FoundDate | None
    outlet: str | None
    author: str | None
    url: str | None
    text: str
    categories: list[str]
    tags: list[str]


def detect_format(text: str) -> InputFormat:
    """Say how a decoded input must be extracted: Jekyll post, HTML page, or plain text.

    An input whose start does not look like HTML but which is mostly tags further on (a DOM
    fragment that opens with kilobytes of inline state or navigation) is HTML too.
    """
    if has_front_matter(text):
        return InputFormat.JEKYLL
    if looks_like_html(text) or measure_markup(text).is_markup:
        return InputFormat.HTML
    return InputFormat.TEXT


def read_fields(text: str) -> PageFields:
    """Read an input's fields with the extractor of its format."""
    input_format = detect_format(text)
    if input_format is InputFormat.JEKYLL:
        return _post_fields(text)
    if input_format is InputFormat.HTML:
        page = extract_html_page(text)
        return PageFields(
            input_format,
            page.title,
            page.published,
            page.outlet,
            page.author,
            page.url,
            page.body,
            page.categories,
            page.tags,
        )
    article = parse_text_article(text)
    return PageFields(
        input_format,
        article.title,
        article.published,
        article.outlet,
        article.author,
        None,
        article.body,
        [],
        [],
    )


def _post_fields(text: str) -> PageFields:
    post = split_post(text)
    meta = post.meta
    body = extract_body_text(post.body_html)
    lines = body.splitlines()
    outlet: str | None = None
    # The post ends with a credit line "（文章来源：南方网）": the outlet, not article text.
    if lines and len(lines[-1]) <= 40 and (credit := find_source_credit(lines[-1])) is not None:
        outlet = credit
        lines.pop()
    tags = as_list(meta.get("tags"))
    for candidate in [*tags, *(label.removeprefix("返回") for label in post.nav_labels)]:
        outlet = outlet or outlet_from_tag(candidate)
    date_value = meta.get("date")
    published = parse_datetime(date_value) if isinstance(date_value, str) else None
    if isinstance(date_value, str) and date_value.strip() and published is None:
        raise InvalidDateError(f"{date_value!r} in the front matter is not a full date")
    published = published.found_in("front_matter") if published is not None else None
    title = meta.get("title")
    author = meta.get("author")
    url = meta.get("source_url") or meta.get("url") or meta.get("link") or post.source_url
    return PageFields(
        InputFormat.JEKYLL,
        title if isinstance(title, str) else None,
        published,
        outlet,
        author if isinstance(author, str) else None,
        url if isinstance(url, str) and url.startswith(("http://", "https://")) else None,
        "\n".join(lines),
        as_list(meta.get("categories")),
        tags,
    )
