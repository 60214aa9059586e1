"""Tests for an event's date and place."""

from __future__ import annotations

from datetime import date

from tasks.enrich.nlp.dates import find_dates
from tasks.enrich.nlp.event_date_place import event_date, event_place, names_a_venue
from tasks.enrich.nlp.event_parties import Party
from tasks.enrich.nlp.text import split_sentences

TEXT = (
    "12月29日，蚌埠市召开推进会。会上，蚌埠市教育局与科大讯飞签署协议。2023年3月，双方曾在合肥举行座谈。"
    "\n双方还签署了人才培养协议。"
)
PUBLISHED = date(2025, 12, 30)
SENTENCES = split_sentences(TEXT)
DATES = find_dates(TEXT, PUBLISHED)


def test_the_sentence_date_wins_then_the_paragraph_then_the_lead_then_the_publication() -> None:
    found, source = event_date(TEXT, SENTENCES[2], SENTENCES, DATES, PUBLISHED)
    assert (found.value, found.precision, source) == ("2023-03", "month", "sentence")
    found, source = event_date(TEXT, SENTENCES[1], SENTENCES, DATES, PUBLISHED)
    assert (found.value, source) == ("2025-12-29", "narrative")  # the paragraph's 12月29日
    found, source = event_date(TEXT, SENTENCES[3], SENTENCES, DATES, PUBLISHED)
    assert (found.value, source) == ("2025-12-29", "article")  # another paragraph: the lead's
    found, source = event_date(TEXT, SENTENCES[1], SENTENCES, [], PUBLISHED)
    assert (found.value, found.precision, source) == ("2025-12-30", "day", "publication")
    assert event_date(TEXT, SENTENCES[1], SENTENCES, [], None) == (None, None)


def test_the_venue_wins_then_a_party_that_is_not_a_company() -> None:
    venue, region = event_place([], SENTENCES[2], SENTENCES, None)
    assert (venue, region.adcode) == ("合肥市", "340100")
    parties = [Party("科大讯飞", "company"), Party("蚌埠市教育局", "edu_bureau")]
    venue, region = event_place(parties, SENTENCES[1], SENTENCES, None)
    assert (venue, region.city) == ("蚌埠市", "蚌埠市")


def test_an_unknown_venue_is_named_but_gives_no_place() -> None:
    sentences = split_sentences("在某地举行签约。")
    assert names_a_venue(sentences[0].text)
    assert event_place([], sentences[0], sentences, None) == (None, None)
