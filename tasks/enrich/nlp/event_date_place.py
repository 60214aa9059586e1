"""When and where a cooperation event happened: its date (from its sentence, the article's lead
or the publication) and its place (the venue, a party's region or the article's place)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from schemas.enrichment import DateSource
from tasks.enrich.nlp.dates import TextDate
from tasks.enrich.nlp.event_parties import Party
from tasks.enrich.nlp.event_patterns import (
    CLAUSE_END,
    DAY_AFTER_DATELINE,
    SAME_DAY,
    VAGUE_TIME,
    VENUE,
)
from tasks.enrich.nlp.places import Region, resolve_region
from tasks.enrich.nlp.text import Sentence


def event_date(
    text: str,
    sentence: Sentence,
    sentences: Sequence[Sentence],
    dates: Sequence[TextDate],
    published: date | None,
) -> tuple[TextDate | None, DateSource | None]:
    """The sentence's own date (a dateline's only when it has no other; `电（记者）14日` is the
    dateline's month), else none when it says `近日`/`日前`, else the narrative's last day for
    `同一天`/`当天`/`今天`, else the last day its paragraph told before it (`12月29日，…召开推进会。
    会上，…签署`), else the date of the article's lead (its first sentences; a dateline or a page
    time there is the `dateline`), else the publication date. Other dates in the article may
    belong to other stories (digests, background), so they are not borrowed. A day without a
    year takes the year of the first full date printed before it (a dateline, a page time) when
    that date is on or after it.

    Args:
        text: The article's text, which the sentences and dates point into.
        sentence: The sentence that names the event.
        sentences: All sentences of the article.
        dates: The dates the article's text mentions.
        published: The publication day, if known.

    Returns:
        The date and where it came from; (None, None) when there is none.
    """
    own = [d for d in dates if sentence.start <= d.start < sentence.end]
    stated = [d for d in own if not d.relative]
    datelines = [d for d in stated if _is_dateline(sentence.text, d.end - sentence.start)]
    narrative = [d for d in stated if d not in datelines] or _day_after(sentence, datelines)
    if narrative or (stated and not VAGUE_TIME.search(sentence.text)):
        found = _with_year(_best(narrative or stated), dates, sentence, published)
        return found, "sentence" if narrative else "dateline"
    if VAGUE_TIME.search(sentence.text):
        return None, None
    if SAME_DAY.search(sentence.text):
        earlier = [d for d in dates if d.end <= sentence.start and d.precision == "day"]
        if earlier:
            return _with_year(earlier[-1], dates, sentence, published), "narrative"
    if own:
        return _best(own), "sentence"
    paragraph = text.rfind("\n", 0, sentence.start) + 1
    told = [
        d
        for d in dates
        if paragraph <= d.start
        and d.end <= sentence.start
        and d.precision == "day"
        and not d.relative
        and not _is_dateline(text, d.end)
    ]
    if told:
        return _with_year(told[-1], dates, sentence, published), "narrative"
    lead_end = sentences[min(2, len(sentences) - 1)].end
    lead = [
        d
        for d in dates
        if d.end <= min(sentence.start, lead_end)
        and d.precision == "day"
        and (published is None or d.value <= published.isoformat())
    ]
    if lead:
        line = _sentence_of(lead[0], sentences)
        told = _day_after(line, [lead[0]]) if line and _in_dateline(lead[0], line) else [lead[0]]
        source: DateSource = "article" if told else "dateline"
        return _with_year((told or lead)[0], dates, sentence, published), source
    if published is not None:
        day = published.isoformat()
        return TextDate(day, 0, 0, day, "day", True, True), "publication"
    return None, None


def _is_dateline(text: str, end: int) -> bool:
    """A news agency's dateline (`财联社2月8日电`, `红网时刻新闻10月15日讯`): the report's day."""
    return text[end : end + 1] in ("电", "讯")


def _sentence_of(found: TextDate, sentences: Sequence[Sentence]) -> Sentence | None:
    return next((s for s in sentences if s.start <= found.start < s.end), None)


def _in_dateline(found: TextDate, line: Sentence) -> bool:
    """A dateline, or a page time on a line of its own (`观潮财经·2024-11-20 08:00`)."""
    return _is_dateline(line.text, found.end - line.start) or (
        len(line.text) <= _HEADER_LINE and not CLAUSE_END.search(line.text)
    )


def _day_after(sentence: Sentence, datelines: Sequence[TextDate]) -> list[TextDate]:
    """The day a dispatch gives after its dateline (`5月15日电（记者）14日，…`), in the dateline's
    month; [] when there is none or it would be after the dateline."""
    if not datelines:
        return []
    line = datelines[0]
    at = line.end - sentence.start + 1
    match = DAY_AFTER_DATELINE.match(sentence.text, at)
    if match is None or line.precision != "day" or int(match.group("day")) > int(line.value[8:]):
        return []
    day = int(match.group("day"))
    return [
        replace(
            line,
            text=match.group(),
            start=sentence.start + at,
            end=sentence.start + match.end(),
            value=f"{line.value[:8]}{day:02d}",
        )
    ]


# A page time or site line is short and has no clause punctuation.
_HEADER_LINE = 40
# How long after a day at the end of a year a report of the next year gives that day its year.
_NEW_YEAR_GAP = timedelta(days=31)


def _with_year(
    found: TextDate, dates: Sequence[TextDate], sentence: Sentence, published: date | None
) -> TextDate:
    """A day without a year, in the year of the first full date printed before the sentence's
    end when that date is the same day or later (a report is published after the signing), else
    in the publication's year when the publication is that day or later in the same year (or in
    the first weeks of the next: 12月29日 in a report of 5 January), else with the year unknown
    (`XXXX`): a page date months later gives no year, the report may be a repost."""
    if found.precision != "day" or found.year_given or found.relative:
        return found
    full = next(
        (
            d
            for d in dates
            if d.start < sentence.end and d.year_given and d.precision == "day" and d != found
        ),
        None,
    )
    if full is not None and found.value[5:] <= full.value[5:]:
        return replace(found, value=full.value[:4] + found.value[4:])
    if published is not None and not found.value.startswith("XXXX"):
        gap = published - date.fromisoformat(found.value)  # resolved against the publication
        if gap <= _NEW_YEAR_GAP or found.value[:4] == f"{published.year:04d}":
            return found
    return replace(found, value="XXXX" + found.value[4:])


def _best(dates: Sequence[TextDate]) -> TextDate:
    order = {"day": 0, "month": 1, "year": 2}
    return min(dates, key=lambda d: order[d.precision])


def event_place(
    parties: Sequence[Party],
    sentence: Sentence,
    sentences: Sequence[Sentence],
    primary_region: Region | None,
) -> tuple[str | None, Region | None]:
    """Where: the sentence's venue, else a party's region (non-companies first), else the venue
    of the article's lead, else the article's primary place.

    Args:
        parties: The event's parties.
        sentence: The sentence that names the event.
        sentences: All sentences of the article.
        primary_region: The article's main place, if any.

    Returns:
        The venue's name (a city or province) and its region; None for what is not known.
    """
    venue = _venue(sentence.text)
    if venue is not None:
        return venue
    ordered = sorted(parties, key=lambda p: p.kind == "company")
    for party in ordered:
        region = resolve_region(party.name)
        if region is not None:
            return region.city or region.province, region
    for earlier in sentences[: min(sentence.index, 3)]:
        venue = _venue(earlier.text)
        if venue is not None and venue[1] is not None:
            return venue
    region = primary_region
    return (region.city or region.province if region else None), region


def names_a_venue(text: str) -> bool:
    """Whether a sentence says where something took place (`在深圳举行`), known place or not."""
    return VENUE.search(text) is not None


def _venue(text: str) -> tuple[str, Region | None] | None:
    match = VENUE.search(text)
    if match is None:
        return None
    region = resolve_region(match.group(1))
    if region is None:
        return None
    return (region.city or region.province or match.group(1)), region
