"""Extract stage: turn a decoded document into a validated Article, or a Reject saying why not."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from schemas import Article, DecodedDocument, InputFormat, Reject, RejectReason, Stage
from schemas.article import make_article_id
from tasks.decode.script import detect_script, to_simplified
from tasks.extract.bylines import find_source_credit, outlet_from_tag
from tasks.extract.dates import FoundDate, InvalidDateError, parse_datetime
from tasks.extract.frontmatter import FrontMatterError, as_list, has_front_matter, split_post
from tasks.extract.htmlpage import extract_body_text, extract_html_page, looks_like_html
from tasks.extract.securities import find_securities
from tasks.extract.textpage import parse_text_article
from tasks.sources.listing import is_web_url


@dataclass(frozen=True)
class ExtractSettings:
    """Settings for the extract stage."""

    min_text_chars: int = 20  # below this an input has no article to speak of


@dataclass(frozen=True)
class _Fields:
    """Format-independent fields an extractor found, before validation."""

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
    """Say how a decoded input must be extracted: Jekyll post, HTML page, or plain text."""
    if has_front_matter(text):
        return InputFormat.JEKYLL
    if looks_like_html(text):
        return InputFormat.HTML
    return InputFormat.TEXT


def extract_article(doc: DecodedDocument, settings: ExtractSettings) -> Article | Reject:
    """Extract and validate one article; every failure becomes a Reject with a clear detail.

    Args:
        doc: The decoded input.
        settings: Extraction settings.

    Returns:
        The validated Article, or a Reject (stage extract or validate) explaining what was wrong.
    """

    try:
        fields = _extract_fields(doc.text)
    except FrontMatterError as exc:
        return Reject.at(
            Stage.EXTRACT, RejectReason(exc.reason), str(exc), doc.source_uri, doc.raw_sha256
        )
    except InvalidDateError as exc:
        return Reject.at(
            Stage.VALIDATE,
            RejectReason.INVALID_DATE,
            f"publication date {exc}",
            doc.source_uri,
            doc.raw_sha256,
        )
    if len(fields.text.strip()) < settings.min_text_chars:
        return Reject.at(
            Stage.EXTRACT,
            RejectReason.NO_CONTENT,
            f"no article text found in this {fields.input_format.value} input "
            f"({len(fields.text.strip())} characters, need {settings.min_text_chars})",
            doc.source_uri,
            doc.raw_sha256,
        )
    # A fetched page is its own URL unless it names a canonical one.
    url = fields.url or (doc.source_uri if is_web_url(doc.source_uri) else None)
    try:
        return Article(
            article_id=make_article_id(url, doc.source_uri),
            source_uri=doc.source_uri,
            url=url,
            title=fields.title,
            published_at=fields.published.value if fields.published else None,
            published_precision=fields.published.precision if fields.published else None,
            outlet=fields.outlet,
            author=fields.author,
            text=fields.text,
            encoding=doc.encoding,
            input_format=fields.input_format,
            categories=fields.categories,
            tags=fields.tags,
            raw_sha256=doc.raw_sha256,
            mojibake_repairs=doc.repairs,
            script=detect_script(fields.text),
            text_simplified=to_simplified(fields.text),
            securities=find_securities(doc.text),
        )
    except ValidationError as exc:
        return Reject.at(
            Stage.VALIDATE,
            RejectReason.SCHEMA,
            exc.json(include_url=False, include_input=False),
            doc.source_uri,
            doc.raw_sha256,
        )


def _extract_fields(text: str) -> _Fields:
    input_format = detect_format(text)
    if input_format is InputFormat.JEKYLL:
        return _post_fields(text)
    if input_format is InputFormat.HTML:
        page = extract_html_page(text)
        return _Fields(
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
    return _Fields(
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


def _post_fields(text: str) -> _Fields:
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
    title = meta.get("title")
    author = meta.get("author")
    url = meta.get("source_url") or meta.get("url") or meta.get("link") or post.source_url
    return _Fields(
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
