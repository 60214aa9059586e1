"""Repair GBK/GB18030 text that was decoded one byte out of alignment.

The pattern (shared notes "chinese-nlp-facts", section 2; seed 001): a lead byte was cut off
(decoding fixed-size chunks), shown as '?' or U+FFFD; the decoder then paired each trail byte
with the next lead byte until it realigned at an ASCII byte 0x40-0x7E (shown as a Latin letter),
at a byte it could not pair (another '?'/U+FFFD) or at the end of the text. An NFKC pass may have
folded the full-width results to ASCII afterwards (；→; ！→! ￠→¢).

Repair: re-encode the run after the anchor, drop its first byte, decode again and keep the result
only if a character model built offline from the stdlib codecs scores it clearly better. The
model knows no words (jieba's dictionary is not available), only how common each character is.
Run this on decoded text, before NFKC and before anything strips PUA characters.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Literal

from schemas import DecodedDocument, TextRepair
from schemas.article import Script
from tasks.decode.cjk_tables import (
    BIG5_LEVEL1,
    BIG5_LEVEL2,
    BIG5_ROW_C6_EXTENSIONS,
    GB2312_LEVEL1,
    GB2312_LEVEL2,
    block_chars,
)
from tasks.decode.script import ScriptRule, detect_script

Confidence = Literal["high", "low"]

ANCHORS = "?\ufffd"
_NOT_HAN = re.compile(r"[^\u3400-\u9fff\uf900-\ufaff]+")
_POSSIBLE_ANCHOR = re.compile(r"[?\ufffd][\x21-\x7e]?[^\x00-\x7f\ufffd]")
MAX_RUN = 1000  # garbled chars scanned per anchor: bounds the work on texts full of real '?'
# Acceptance, calibrated on seed 001, the tests' simulated damage and random clean text: the
# gain per char of the garbled span, higher when the run ended at a lost byte (its last char is
# a guess and short clean runs between two '?' can look like that), and few level-2/rare chars
# among the realigned chars (true repairs give plain text; clean text realigned gives ~50 %).
MIN_GAIN_RESYNC = 2.0
MIN_GAIN_SHORT = 3.0  # a single garbled char between anchor and letter: weakest evidence
MIN_GAIN_LOST = 3.0
MIN_SPAN_LOST = 6
MAX_ODD_SHARE = 0.2
DAMAGE_PRIOR = -4.0  # log-odds against a '?' being a lost byte rather than a real question mark

# Log-probabilities (nats) per character class; the values only need the right order and gaps.
LP_TOP_PUNCT = -3.5  # 。，(and ',' after NFKC) are the most frequent chars in news text
LP_PUNCT = -5.0  # 、“”：；（）《》 and their ASCII forms
LP_RARE_PUNCT = -7.0  # 『』【】～… : real, but rarer than a frequent hanzi
LP_FREQUENT = -5.5
LP_COMMON = -8.5  # GB2312 level 1 or Big5 level 1
LP_LEVEL2 = -11.5  # GB2312 level 2 or Big5 level 2
LP_ASCII = -7.0
LP_RARE = -13.5  # other GBK hanzi, Greek, box drawing, kana ...
LP_JUNK = -17.0  # PUA, unassigned, controls
OFF_SCRIPT = -4.0  # a Simplified-only char in a Traditional text or the reverse
CACHE_BONUS = 3.0  # a guessed char forming a bigram seen elsewhere in the text (教?局: 教育)

PUNCT = set("、；：？！“”（）《》.;:?!()'\"")
RARE_PUNCT = set("‘’〈〉「」『』【】—…·～　-/%")
# A hand-picked list of very frequent news/education characters (Simplified and Traditional).
FREQUENT = set(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年"
    "过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心"
    "她本前开但因只从想实日月教育校师智慧工业科技合协议签署市区省长政府新研究院展建设推示范平台数"
    "据服务提高全重点加强等各将与次活旨总结级成果促治水升质量通过线相融式代表单位负责共同席由持"
    "這個們來為國時說會對發後裡過經麼學現當沒動還進樣開從實師業與協議簽署區長務設範臺數據體質將"
    "總結級員應開辦舉動點強際關於網絡訊飛聯廳書記委會議"
)


@dataclass(frozen=True)
class Repair:
    """One accepted repair of a misaligned run."""

    start: int  # offset in the input text of the garbled span (including the '?'/U+FFFD anchor)
    end: int
    garbled: str
    repaired: str
    gain: float  # score gain per garbled char
    confidence: Confidence  # "low": bytes were probably lost (lost trail byte, stripped PUA)


@dataclass(frozen=True)
class RepairResult:
    """The text with accepted repairs applied, and the repairs."""

    text: str
    repairs: list[Repair]


@dataclass(frozen=True)
class _Candidate:
    """One way to read the run after an anchor: m garbled chars and how the run ended."""

    end: int  # exclusive offset in the text
    body: str  # the realigned chars, without the orphan char (and without a lost-trail last char)
    orphan_trail: int  # the known trail byte of the orphan char (its lead was lost)
    last_lead: int  # lead byte of the last char, for guessing it when its trail was lost
    gain: float  # total log-likelihood gain over the text as it stands
    lost_trail: bool


@cache
def _charsets() -> dict[str, frozenset[str]]:
    """GB2312 and Big5 levels 1 and 2 (row C6's kana with Big5 level 1), by what the model uses."""
    gb_l1, gb_l2 = block_chars(GB2312_LEVEL1), block_chars(GB2312_LEVEL2)
    b5_l1 = block_chars(BIG5_LEVEL1) | block_chars(BIG5_ROW_C6_EXTENSIONS)
    b5_l2 = block_chars(BIG5_LEVEL2)
    return {
        "common": frozenset(gb_l1 | b5_l1),
        "level2": frozenset(gb_l2 | b5_l2),
        "simp_only": frozenset((gb_l1 | gb_l2) - b5_l1 - b5_l2),
        "trad_only": frozenset((b5_l1 | b5_l2) - gb_l1 - gb_l2),
    }


def _count_table_exclusives(text: str) -> tuple[int, int]:
    """Count the Han characters only GB2312 has and those only Big5 has."""
    sets = _charsets()
    # Only Han chars can be script-exclusive; 20,000 of them decide it (HTML pages are mostly
    # ASCII markup, and counting every char of one cost ~15 ms on the benchmark corpus).
    counts = Counter(_NOT_HAN.sub("", text)[:20_000])  # each distinct char tested once
    simp = sum(n for char, n in counts.items() if char in sets["simp_only"])
    trad = sum(n for char, n in counts.items() if char in sets["trad_only"])
    return simp, trad


def _has_possible_anchor(text: str) -> bool:
    """Whether _POSSIBLE_ANCHOR occurs in text: str.find jumps from one '?' to the next, where
    a regex search over a whole page tests every character (~1 ms a page)."""
    for anchor in ANCHORS:
        i = text.find(anchor)
        while i >= 0:
            if _POSSIBLE_ANCHOR.match(text, i):
                return True
            i = text.find(anchor, i + 1)
    return False


# The script the model expects: 3 exclusive chars and a 3:1 lead, else no preference.
BY_CODE_TABLES = ScriptRule(_count_table_exclusives, dominance=3, minimum=3, unmarked="unknown")


@cache
def char_logp(char: str, script: Script) -> float:
    """Log-probability of one character under the unigram class model."""
    sets = _charsets()
    if char in "。，,":
        return LP_TOP_PUNCT
    if char in PUNCT:
        return LP_PUNCT
    if char in RARE_PUNCT:
        return LP_RARE_PUNCT
    if char.isascii():
        return LP_ASCII if char.isalnum() or char == " " else LP_RARE
    if char in FREQUENT:
        base = LP_FREQUENT
    elif char in sets["common"]:
        base = LP_COMMON
    elif char in sets["level2"]:
        base = LP_LEVEL2
    elif unicodedata.category(char) in ("Co", "Cn", "Cc", "Cs"):
        return LP_JUNK
    else:
        base = LP_RARE
    off = (script == "traditional" and char in sets["simp_only"]) or (
        script == "simplified" and char in sets["trad_only"]
    )
    return base + (OFF_SCRIPT if off else 0.0)


def _score(text: str, script: Script) -> float:
    """Sum of log-probabilities of the characters."""
    return sum(char_logp(c, script) for c in text)


@cache
def _pair(lead: int, trail: int) -> str | None:
    """The character a two-byte GB18030 code decodes to, or None."""
    try:
        return bytes((lead, trail)).decode("gb18030")
    except UnicodeDecodeError:
        return None


def _options(known: int, known_is_lead: bool) -> list[str]:
    """Every char a two-byte code with one known byte can be (orphan lead / lost trail)."""
    others = range(0x40, 0xFF) if known_is_lead else range(0x81, 0xFF)
    chars = [_pair(known, b) if known_is_lead else _pair(b, known) for b in others]
    return [c for c in chars if c is not None and len(c) == 1]


@cache
def _marginal(known: int, known_is_lead: bool, script: Script) -> float:
    """Log-probability that a char has the known byte, summed over the unknown one."""
    scores = [char_logp(c, script) for c in _options(known, known_is_lead)]
    if not scores:
        return -math.inf
    top = max(scores)
    return top + math.log(sum(math.exp(lp - top) for lp in scores))


def _guess(known: int, known_is_lead: bool, script: Script, text: str, prev: str, nxt: str) -> str:
    """Best char for a code with one byte lost; bigrams seen elsewhere in the text break ties."""

    def rank(char: str) -> tuple[float, int]:
        seen = int(bool(prev) and prev + char in text) + int(bool(nxt) and char + nxt[0] in text)
        return char_logp(char, script) + CACHE_BONUS * seen, -ord(char)

    options = _options(known, known_is_lead)
    return max(options, key=rank) if options else ""


@cache
def _unfold_maps() -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Strings NFKC makes of GBK two-byte chars, mapped back to bytes: single chars, and longer."""
    found: dict[str, list[bytes]] = {}
    for lead in range(0x81, 0xFF):
        for trail in range(0x81, 0xFF):  # a garbled char's second byte is a real lead: >= 0x81
            char = _pair(lead, trail)
            folded = unicodedata.normalize("NFKC", char) if char else ""
            if folded and folded != char and len(folded.encode("gb18030")) != 2:
                found.setdefault(folded, []).append(bytes((lead, trail)))
    # Prefer the full-width row A3 (！；Ａ), then row A1 (￠　), over circled/vertical forms.
    rank = {0xA3: 0, 0xA1: 1}
    best = {k: min(v, key=lambda b: (rank.get(b[0], 2), b)) for k, v in found.items()}
    single = {k: v for k, v in best.items() if len(k) == 1}
    # Multi-char expansions the notes match greedily (⒓→'12.', ⒅→'(18)', …→'...'); not '10'
    # (⑩ or １０?) nor roman numerals, whose letters are resync candidates anyway.
    wanted = [k for k in best if (len(k) > 2 and k[0] in "0123456789(.") or k[1:] == "."]
    multi = {k: best[k] for k in wanted}
    return single, multi


def _run_token(text: str, j: int, unfold: bool) -> tuple[bytes | None, int]:
    """The two bytes the garbled token at j came from (None: not part of a run), and its width."""
    char = text[j]
    single, multi = _unfold_maps()
    if char.isascii() or char in single:
        if not unfold:
            return None, 1
        for width in (4, 3, 2):
            if text[j : j + width] in multi:
                return multi[text[j : j + width]], width
        return single.get(char), 1
    try:
        raw = char.encode("gb18030")
    except UnicodeEncodeError:
        return None, 1
    # Every garbled pair is (trail, next lead); a lead byte is always >= 0x81 (notes, step 3).
    return (raw if len(raw) == 2 and raw[1] >= 0x81 else None), 1


def _starts_run(text: str, i: int, unfold: bool) -> bool:
    """An anchor counts only if a non-ASCII char follows (after at most one folded ASCII char)."""
    nxt = text[i + 1 : i + 3]
    if not nxt or nxt[0] in ANCHORS:
        return False
    if not nxt[0].isascii():
        return True
    return unfold and len(nxt) == 2 and not nxt[1].isascii()


def _candidates(text: str, i: int, script: Script, unfold: bool) -> list[_Candidate]:
    """Every plausible end of the misaligned run that starts at anchor i, scored.

    H1 (damage) scores the orphan char by its marginal over the lost lead, the realigned chars,
    and the last char (its marginal if its trail byte was lost); H0 scores the text as it stands.
    """
    out: list[_Candidate] = []
    raw: list[bytes] = []  # the two bytes behind each garbled token
    realigned: list[str] = []  # realigned[k] = (second byte of raw[k], first byte of raw[k+1])
    body_lp = [0.0]  # body_lp[k] = sum of logp over realigned[:k]
    garbled_lp = char_logp(text[i], script)
    limit = min(len(text), i + 1 + MAX_RUN)

    def add(j: int, end: int, tail: str | None, tail_lp: float) -> None:
        """Record the candidate made of the garbled tokens before j, consuming text[j:end]."""
        m = len(raw)
        h1 = _marginal(raw[0][0], False, script) + body_lp[m - 1] + tail_lp
        h0 = garbled_lp + _score(text[j:end], script)
        body = "".join(realigned[: m - 1]) + (tail or "")
        out.append(
            _Candidate(end, body, raw[0][0], raw[-1][1], h1 - h0 + DAMAGE_PRIOR, tail is None)
        )

    j = i + 1
    while j <= limit:
        char = text[j] if j < len(text) else ""
        if raw and (char == "" or char in ANCHORS):  # lost byte or end of text: trail unknown
            add(j, j + (char != ""), None, _marginal(raw[-1][1], True, script))
            break
        if j == limit:
            break
        if raw and "@" <= char <= "~":  # ASCII 0x40-0x7E: the resync byte is the last trail
            tail = _pair(raw[-1][1], ord(char))
            if tail is not None:
                add(j, j + 1, tail, char_logp(tail, script))
        pair, width = _run_token(text, j, unfold)
        if pair is None:
            break
        if raw:
            char_k = _pair(raw[-1][1], pair[0])
            if char_k is None:
                break
            realigned.append(char_k)
            body_lp.append(body_lp[-1] + char_logp(char_k, script))
        raw.append(pair)
        garbled_lp += _score(text[j : j + width], script)
        j += width
    return out


def _acceptable(cand: _Candidate, per_char: float, span: int) -> bool:
    """Whether a candidate clears the calibrated thresholds."""
    if cand.lost_trail and (per_char < MIN_GAIN_LOST or span < MIN_SPAN_LOST):
        return False
    if per_char < (MIN_GAIN_SHORT if span <= 3 else MIN_GAIN_RESYNC):
        return False
    odd = sum(char_logp(c, "unknown") <= LP_LEVEL2 for c in cand.body)
    return odd <= MAX_ODD_SHARE * len(cand.body)


def _repair_at(text: str, i: int, script: Script, unfold: bool) -> Repair | None:
    """The best accepted repair of the run after anchor i, if any."""
    cands = _candidates(text, i, script, unfold)
    if not cands:
        return None
    best = max(cands, key=lambda c: c.gain)
    per_char = best.gain / (best.end - i)
    if not _acceptable(best, per_char, best.end - i):
        return None
    body = best.body
    seen = text + "\n" + body  # bigrams for the guesses: the text and the repaired run
    if best.lost_trail:  # the last char's trail byte is gone: guess it
        nxt = text[best.end : best.end + 1]
        body += _guess(best.last_lead, True, script, seen, body[-1:] or text[i - 1 : i], nxt)
    orphan = _guess(best.orphan_trail, False, script, seen, text[i - 1 : i], body)
    # A PUA pair stripped from the run leaves a wrong, often rare or off-script char (毡).
    doubtful = any(char_logp(c, script) < LP_COMMON for c in body)
    repaired = orphan + body
    if unfold:  # keep the repair in the same normal form as the text around it
        repaired = unicodedata.normalize("NFKC", repaired)
    confidence: Confidence = "low" if best.lost_trail or doubtful else "high"
    return Repair(i, best.end, text[i : best.end], repaired, round(per_char, 3), confidence)


def repair_misaligned_gbk(text: str) -> RepairResult:
    """Find and repair runs of GBK decoded one byte out of alignment."""
    if "?" not in text and "\ufffd" not in text:  # fast path (notes, step 1)
        return RepairResult(text, [])
    # Second fast path: no anchor followed by non-ASCII (at most one folded ASCII char between).
    # HTML is full of '?' in query strings; scoring the whole page's script for them cost
    # ~15 ms a page on the benchmark corpus (bench/bench_pipeline.py).
    if not _has_possible_anchor(text):
        return RepairResult(text, [])
    script = detect_script(text, BY_CODE_TABLES)
    # ASCII inside a run can only be an NFKC-folded full-width char; if the text still holds
    # chars NFKC would change, it was never folded and ASCII ends a run instead.
    unfold = unicodedata.is_normalized("NFKC", text)
    repairs: list[Repair] = []
    pos = 0
    while True:
        hits = [k for k in (text.find("?", pos), text.find("\ufffd", pos)) if k >= 0]
        if not hits:
            break
        i = min(hits)
        repair = _repair_at(text, i, script, unfold) if _starts_run(text, i, unfold) else None
        if repair is not None:
            repairs.append(repair)
        pos = repair.end if repair is not None else i + 1
    out, last = [], 0
    for r in repairs:
        out += [text[last : r.start], r.repaired]
        last = r.end
    out.append(text[last:])
    return RepairResult("".join(out), repairs)


def repair_document(doc: DecodedDocument) -> DecodedDocument:
    """Return the decoded document with misaligned-GBK runs repaired and the repairs recorded."""
    result = repair_misaligned_gbk(doc.text)
    if not result.repairs:
        return doc
    repairs = [
        TextRepair(
            start=r.start,
            end=r.end,
            garbled=r.garbled,
            repaired=r.repaired,
            gain=round(r.gain, 3),
            confidence=r.confidence,
        )
        for r in result.repairs
    ]
    return doc.model_copy(update={"text": result.text, "repairs": repairs})
