"""Precision and recall of stored enrichment against a gold file.

Reads the seeds' gold (tests/data/seeds_gold.json) and label files in the format of
shared/eval/events-dev.json alike: `docs`, `events` (with optional `parties_text`, the wording a
party has in the text), `people`, `places`; an empty string means "none", as null does.

Names are compared after Traditional→Simplified conversion, 人民政府 read as 政府; a name matches
when one contains the other (科大讯飞 ~ 科大訊飛; 红岭中学 ~ 深圳市福田区红岭中学). Gold documents
are found by the file name of any source an article came from.

- Events: a gold event is found by a stored event of its document with the same type, every gold
  party matched by a different stored party, and the same date (XXXX for an unknown year).
  Precision counts every stored event of the labelled documents (`docs`) of the types evaluated:
  the gold's types plus renewal and intent; unveilings only when the gold labels some.
- People: found when the document has the name with a matching title and affiliation (stricter
  than shared/eval/score_events.py, which ignores affiliations). Gold lists are not exhaustive,
  so precision is over stored people whose name the gold lists.
- Places (only when the gold labels some): found when a stored place of the document has the
  gold's province, city and district (those given). Precision is over each document's primary
  place; a stored place named in `places_excludes` counts against it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from tasks.decode.script import to_simplified
from warehouse.evaluation import DocumentRecords, StoredPerson, StoredPlace, document_records

_AGREEMENT_TYPES = {"renewal", "intent"}


def _none_if_empty(value: object) -> object:
    return None if value == "" else value


class _GoldEvent(BaseModel):
    model_config = ConfigDict(extra="ignore")
    doc: str
    type: str
    parties: list[str]
    parties_text: list[str] = []  # the wording a party has in the text (市政府 for 杭州市人民政府)
    date: Annotated[str | None, BeforeValidator(_none_if_empty)] = None

    def party_names(self) -> list[list[str]]:
        """Each party's accepted names: its label and, when given, its wording in the text."""
        wording = self.parties_text + [""] * (len(self.parties) - len(self.parties_text))
        pairs = zip(self.parties, wording[: len(self.parties)], strict=True)
        return [[name, *([said] if said else [])] for name, said in pairs]


class _GoldPerson(BaseModel):
    model_config = ConfigDict(extra="ignore")
    doc: str
    name: str
    title: Annotated[str | None, BeforeValidator(_none_if_empty)] = None
    affiliation: Annotated[str | None, BeforeValidator(_none_if_empty)] = None


class _GoldPlace(BaseModel):
    model_config = ConfigDict(extra="ignore")
    doc: str
    province: str | None = None
    city: str | None = None
    district: str | None = None


class Gold(BaseModel):
    """The parts of a gold file the evaluation reads."""

    model_config = ConfigDict(extra="ignore")
    docs: list[str]
    events: list[_GoldEvent] = []
    people: list[_GoldPerson] = []
    places: list[_GoldPlace] = []
    places_excludes: list[str] = []


class GoldFileError(ValueError):
    """The gold file is missing, not JSON, or not in the expected format."""


@dataclass
class Score:
    """Counts and rates for one kind of record, with what was missed."""

    kind: str
    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_predicted: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        """Share of predictions that are right (None when nothing was predicted)."""
        return self.matched_predicted / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        """Share of gold records found (None when the gold has none)."""
        return self.matched_gold / self.gold if self.gold else None


def load_gold(path: Path) -> Gold:
    """Read and check a gold file."""
    try:
        return Gold.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise GoldFileError(f"gold file not found: {path}") from None
    except json.JSONDecodeError as exc:
        raise GoldFileError(f"gold file is not JSON: {path}: {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise GoldFileError(
            f"gold file {path} is not in the expected format: {where}: {first['msg']}"
        ) from None


def evaluate(db_path: str | None, gold: Gold) -> list[Score]:
    """Score the warehouse's events, people and places against the gold.

    Raises:
        FileNotFoundError: there is no warehouse yet.
        DatabaseLockedError: another process holds it.
        QueryFailedError: the warehouse lacks the enrichment tables.
    """
    stored = document_records(db_path, gold.docs)
    return [
        _score_events(gold, stored),
        _score_people(gold, stored),
        _score_places(gold, stored),
    ]


def _norm(name: str | None) -> str:
    # 杭州市人民政府 and 杭州市政府 are one party.
    return to_simplified(name or "").replace(" ", "").replace("人民政府", "政府")


def _same(a: str | None, b: str | None) -> bool:
    x, y = _norm(a), _norm(b)
    return bool(x and y) and (x in y or y in x)


def _score_events(gold: Gold, stored: DocumentRecords) -> Score:
    score = Score("events", gold=len(gold.events))
    types = {e.type for e in gold.events} | _AGREEMENT_TYPES
    for doc, ids in stored.articles.items():
        predicted = [r for r in stored.events if r.article_id in ids and r.event_type in types]
        score.predicted += len(predicted)
        used: set[int] = set()
        for event in (e for e in gold.events if e.doc == doc):
            hit = next(
                (
                    i
                    for i, row in enumerate(predicted)
                    if i not in used
                    and row.event_type == event.type
                    and row.event_date == event.date
                    and _parties_match(event.party_names(), row.parties)
                ),
                None,
            )
            if hit is None:
                score.missed.append(f"{doc}: {event.type} {event.parties} {event.date}")
            else:
                used.add(hit)
        score.matched_gold += len(used)
        score.matched_predicted += len(used)
        score.spurious += [
            f"{doc}: {r.event_type} {r.parties} {r.event_date}"
            for i, r in enumerate(predicted)
            if i not in used
        ]
    return score


def _parties_match(gold: list[list[str]], predicted: list[str]) -> bool:
    remaining = list(predicted)
    for names in gold:
        hit = next((p for p in remaining if any(_same(name, p) for name in names)), None)
        if hit is None:
            return False
        remaining.remove(hit)
    return True


def _score_people(gold: Gold, stored: DocumentRecords) -> Score:
    score = Score("people", gold=len(gold.people))
    for doc, ids in stored.articles.items():
        labelled = [p for p in gold.people if p.doc == doc]
        names = {_norm(p.name) for p in labelled}
        predicted = [r for r in stored.people if r.article_id in ids and _norm(r.name) in names]
        score.predicted += len(predicted)

        def right(row: StoredPerson, person: _GoldPerson) -> bool:
            return (
                _norm(row.name) == _norm(person.name)
                and (person.title is None or _same(row.title, person.title))
                and (person.affiliation is None or _same(row.affiliation, person.affiliation))
            )

        for person in labelled:
            if any(right(row, person) for row in predicted):
                score.matched_gold += 1
            else:
                score.missed.append(f"{doc}: {person.name} {person.title} {person.affiliation}")
        for row in predicted:
            if any(right(row, person) for person in labelled):
                score.matched_predicted += 1
            else:
                score.spurious.append(f"{doc}: {row.name} {row.title} {row.affiliation}")
    return score


def _score_places(gold: Gold, stored: DocumentRecords) -> Score:
    score = Score("places", gold=len(gold.places))
    if not gold.places and not gold.places_excludes:
        return score  # a label file without places (the events dev set) says nothing of them
    for doc, ids in stored.articles.items():
        rows = [r for r in stored.places if r.article_id in ids]
        labelled = [p for p in gold.places if p.doc == doc]

        def right(row: StoredPlace, place: _GoldPlace) -> bool:
            return all(
                wanted is None or found == wanted
                for found, wanted in (
                    (row.province, place.province),
                    (row.city, place.city),
                    (row.district, place.district),
                )
            )

        for place in labelled:
            if any(right(row, place) for row in rows):
                score.matched_gold += 1
            else:
                score.missed.append(f"{doc}: {place.province} {place.city} {place.district}")
        excluded = [r for r in rows if any(_excluded(r, name) for name in gold.places_excludes)]
        primary = [r for r in rows if r.is_primary]
        score.predicted += len(primary) + len(excluded)
        for row in primary:
            if any(right(row, place) for place in labelled):
                score.matched_predicted += 1
            else:
                score.spurious.append(f"{doc}: primary {_place_name(row)}")
        score.spurious += [f"{doc}: excluded place {_place_name(r)}" for r in excluded]
    return score


def _excluded(row: StoredPlace, name: str) -> bool:
    """Whether a stored place is the excluded one (甘肃省合作市 ~ 甘肃省/甘南藏族自治州/合作市)."""
    specific = row.district or row.city or row.province
    if not specific:
        return False
    return name.endswith(specific) and (row.province or "")[:2] in name


def _place_name(row: StoredPlace) -> str:
    parts = (row.province, row.city, row.district)
    return "".join(dict.fromkeys(p for p in parts if p))
