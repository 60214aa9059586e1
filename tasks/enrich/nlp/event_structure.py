"""How one sentence splits its organisations into events: `分别`, listed clauses, `代表`, titles.

`A分别与B、C签署` is two events (A,B) and (A,C); `A与B、C与D分别签署` is two pairs; `A在…与B签订…、
与C签订…` is one event per clause; `X与Y分别代表A与B签署` is signed by A and B, not by X and Y;
`签署了《甲》与《乙》` is two agreements. Without such a structure the sentence's parties make one
event (`A、B与C签署三方协议` included). The patterns are in event_patterns.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tasks.enrich.nlp.entities import OrgMention, has_proper_name, names_a_person, phrase_start
from tasks.enrich.nlp.event_parties import Party
from tasks.enrich.nlp.event_patterns import (
    DEPARTMENT,
    LIST_JOINT,
    LISTED_CLAUSE,
    REPRESENTING,
    RESPECTIVELY,
    SIDE_SEPARATOR,
    TITLE_LIST,
)
from tasks.enrich.nlp.text import Sentence

_CLAUSE_SEPARATOR = re.compile(r"[，,；;：:]")


def party_groups(
    sentence: Sentence, trigger_start: int, orgs: Sequence[OrgMention]
) -> list[list[Party]] | None:
    """The parties of each event the sentence's structure gives, or None when it gives none.

    Args:
        sentence: The sentence with the trigger.
        trigger_start: The trigger's start, in the sentence.
        orgs: The article's organisations (offsets into the article).

    Returns:
        One list of parties per event, each with two or more; None without a structure.
    """
    for rule in (_representing, _respectively, _listed_clauses):
        groups = rule(sentence, trigger_start, orgs)
        if groups and all(len(group) >= 2 for group in groups):
            return groups
    return None


def agreement_titles(text: str) -> list[str]:
    """The titles of two or more agreements signed together (`签署了《甲》与《乙》`)."""
    match = TITLE_LIST.search(text)
    return re.findall(r"《([^》]{2,40})》", match.group()) if match else []


def outside_titles(parties: list[Party], text: str) -> list[Party]:
    """Without the organisations a sentence names only inside an agreement's title (《共建某学院
    协议》) when two parties remain or several titles are listed; else a title naming both sides
    (《甲市与乙区友好合作协议》) still names them."""
    titles = [m.span() for m in re.finditer(r"《[^》]*》", text)]
    if not titles:
        return parties
    kept = []
    for party in parties:
        spots = [m.start() for m in re.finditer(re.escape(party.name), text)]
        if not spots or not all(any(a < at < b for a, b in titles) for at in spots):
            kept.append(party)
    return kept if len(kept) >= 2 or agreement_titles(text) else parties


def without_departments(parties: list[Party], orgs: Sequence[OrgMention]) -> list[Party]:
    """A department that signs (科技成果转化处) signs for its organisation: the one the article
    names most often among those not already a party."""
    if not any(DEPARTMENT.search(p.name) for p in parties):
        return parties
    taken = {p.name for p in parties}
    counts: dict[str, int] = {}
    for org in orgs:
        if org.name not in taken and not DEPARTMENT.search(org.name):
            counts[org.name] = counts.get(org.name, 0) + 1
    if not counts:
        return [p for p in parties if not DEPARTMENT.search(p.name)]
    name = max(counts, key=lambda n: counts[n])
    home = Party(name, next(org.kind for org in orgs if org.name == name))
    result: list[Party] = []
    for party in parties:
        chosen = home if DEPARTMENT.search(party.name) else party
        if chosen not in result:
            result.append(chosen)
    return result


def _representing(
    sentence: Sentence, trigger_start: int, orgs: Sequence[OrgMention]
) -> list[list[Party]] | None:
    """`X与Y(分别)代表A与B签署`: A and B, whoever X and Y are."""
    match = REPRESENTING.search(sentence.text[: trigger_start + 4])
    if match is None:
        return None
    parties = _sides(sentence, match.start("sides"), match.end("sides"), orgs)
    return [parties] if parties else None


def _respectively(
    sentence: Sentence, trigger_start: int, orgs: Sequence[OrgMention]
) -> list[list[Party]] | None:
    """`A分别与B、C签署` and `A与B、C分别签署` → (A,B), (A,C);
    `A与B、C与D分别签署` → (A,B), (C,D)."""
    head = sentence.text[:trigger_start]
    match = RESPECTIVELY.search(head)
    if match is None:
        return None
    before_start = _clause_start(head, match.start())
    if match.group("with"):
        subjects = _sides(sentence, before_start, match.start(), orgs, subject=True)
        after = match.end()
        counterparts = _sides(sentence, after, _clause_end(head, after), orgs)
        return [[one, other] for one in subjects for other in counterparts if other != one]
    pairs = []
    at = before_start
    for piece in head[before_start : match.start()].split("、"):
        pairs.append(_sides(sentence, at, at + len(piece), orgs))
        at += len(piece) + 1
    if len(pairs) >= 2 and len(pairs[0]) == 2 and all(len(p) == 1 for p in pairs[1:]):
        return [pairs[0]] + [[pairs[0][0], *p] for p in pairs[1:]]  # A与B、C分别签署
    return pairs if len(pairs) >= 2 else None


def _listed_clauses(
    sentence: Sentence, trigger_start: int, orgs: Sequence[OrgMention]
) -> list[list[Party]] | None:
    """`A在…与B签订…、与C签订…`: one event per clause, each with the subject A."""
    clauses = list(LISTED_CLAUSE.finditer(sentence.text))
    listed = [c for c in clauses[1:] if LIST_JOINT.search(sentence.text, 0, c.start())]
    if len(clauses) < 2 or len(listed) < len(clauses) - 1 or clauses[0].start() > trigger_start:
        return None
    first = clauses[0].start("joint")
    subject = _named(sentence, _clause_start(sentence.text, first), first, orgs, subject=True)
    if subject is None:
        return None
    groups = []
    for clause in clauses:
        other = _named(sentence, clause.start("b"), clause.end("b"), orgs)
        if other is None:
            return None
        groups.append([subject, other])
    return groups


def _sides(
    sentence: Sentence,
    start: int,
    end: int,
    orgs: Sequence[OrgMention],
    *,
    subject: bool = False,
) -> list[Party]:
    """The parties named in a list (`A与B`, `A、B和C`), one per item; [] if an item names none."""
    bounds = [start]
    for separator in SIDE_SEPARATOR.finditer(sentence.text, start, end):
        bounds += [separator.start(), separator.end()]
    bounds.append(end)
    parties: list[Party] = []
    for lo, hi in zip(bounds[::2], bounds[1::2], strict=True):
        party = _named(sentence, lo, hi, orgs, subject=subject)
        if party is None:
            return []
        if party not in parties:
            parties.append(party)
    return parties


def _named(
    sentence: Sentence, start: int, end: int, orgs: Sequence[OrgMention], *, subject: bool = False
) -> Party | None:
    """The organisation a piece of the sentence names: its first organisation found before, else
    the piece itself when it is a proper name and not a person's (a county, an unknown firm). A
    subject drops what follows its own name (`遂平县在…仪式上`)."""
    lo, hi = sentence.start + start, sentence.start + end
    inside = [org for org in orgs if lo <= org.start < hi and not org.aside]
    if inside:
        org = inside[-1] if subject else inside[0]
        return Party(org.name, org.kind)
    piece = sentence.text[start:end]
    if subject and "在" in piece:
        piece = piece[: piece.index("在")]
    piece = piece[phrase_start(piece, len(piece)) :] if piece else piece
    if 2 <= len(piece) <= 20 and has_proper_name(piece) and not names_a_person(piece):
        return Party(piece, "other")
    return None


def _clause_start(text: str, end: int) -> int:
    """Where the clause that ends at `end` begins (after the last comma before it)."""
    starts = [m.end() for m in _CLAUSE_SEPARATOR.finditer(text, 0, end)]
    return starts[-1] if starts else 0


def _clause_end(text: str, start: int) -> int:
    match = _CLAUSE_SEPARATOR.search(text, start)
    return match.start() if match else len(text)
