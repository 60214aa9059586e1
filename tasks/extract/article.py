"""Extract stage: turn a decoded document into a validated Article, or a Reject saying why not."""

from __future__ import annotations

from pydantic import ValidationError

from schemas import Article, DecodedDocument, Reject, RejectReason, Stage
from schemas.article import make_article_id
from tasks.decode.script import detect_script, to_simplified
from tasks.extract.dates import InvalidDateError
from tasks.extract.formats import read_fields
from tasks.extract.frontmatter import FrontMatterError
from tasks.extract.headerdates import date_in_url
from tasks.extract.htmlpage import NotAnArticleError, measure_markup
from tasks.extract.securities import find_securities
from tasks.extract.settings import ExtractSettings
from tasks.sources.listing import is_web_url


def extract_article(doc: DecodedDocument, settings: ExtractSettings) -> Article | Reject:
    """Extract and validate one article; every failure becomes a Reject with a clear detail.

    Args:
        doc: The decoded input.
        settings: Extraction settings.

    Returns:
        The validated Article, or a Reject (stage extract or validate) explaining what was wrong.
    """

    try:
        fields = read_fields(doc.text)
    except FrontMatterError as exc:
        return Reject.at(
            Stage.EXTRACT, RejectReason(exc.reason), str(exc), doc.source_uri, doc.raw_sha256
        )
    except NotAnArticleError as exc:
        return Reject.at(
            Stage.EXTRACT, RejectReason.NOT_ARTICLE, str(exc), doc.source_uri, doc.raw_sha256
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
    if (markup := measure_markup(fields.text)).is_markup:
        return Reject.at(
            Stage.EXTRACT,
            RejectReason.MARKUP,
            f"the text extracted from this {fields.input_format.value} input is still HTML "
            f"markup ({markup.describe()})",
            doc.source_uri,
            doc.raw_sha256,
        )
    # A fetched page is its own URL unless it names a canonical one.
    url = fields.url or (doc.source_uri if is_web_url(doc.source_uri) else None)
    # The URL's day is the last resort: the page itself shows no date.
    published = fields.published or date_in_url(url)
    try:
        return Article(
            article_id=make_article_id(url, doc.source_uri),
            source_uri=doc.source_uri,
            url=url,
            title=fields.title,
            published_at=published.value if published else None,
            published_precision=published.precision if published else None,
            published_source=published.source if published else None,
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
