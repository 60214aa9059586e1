"""Tests for an event's parties and attendees."""

from __future__ import annotations

from tasks.enrich.nlp.entities import find_organisations, find_people
from tasks.enrich.nlp.event_parties import Party, find_attendees, find_parties, party_key
from tasks.enrich.nlp.places import find_places
from tasks.enrich.nlp.text import split_sentences


def test_two_names_of_one_government_share_a_key() -> None:
    assert party_key(Party("韶关市委", "government")) == "government:440200"
    assert party_key(Party("广东省韶关市政府", "government")) == "government:440200"
    assert party_key(Party("深圳市龙岗区平湖中学", "school")) == "平湖中学"


def test_attendees_get_the_role_their_words_give() -> None:
    text = "平湖中学校长毛展煜代表学校签署协议，副区长李华见证签约并致辞。"
    orgs = find_organisations(text, find_places(text))
    people = find_people(text, orgs)
    [sentence] = split_sentences(text)
    attendees = find_attendees(sentence, people)
    assert [(a.name, a.title, a.affiliation, a.role) for a in attendees] == [
        ("毛展煜", "校长", "平湖中学", "signatory"),
        ("李华", "副区长", None, "witness"),  # 见证 comes before 致辞 in the rule order
    ]


def test_parties_are_organisations_and_affiliations_named_before_the_trigger() -> None:
    text = "深圳市教育局与科大讯飞签署协议，龙岗区副区长李华出席。"
    orgs = find_organisations(text, find_places(text))
    people = find_people(text, orgs)
    sentence = split_sentences(text)[0]
    trigger_end = sentence.text.index("签署") + 2
    parties = find_parties(sentence, None, trigger_end, text, orgs, people)
    assert [(p.name, p.kind) for p in parties] == [
        ("深圳市教育局", "edu_bureau"),
        ("科大讯飞", "company"),
    ]
