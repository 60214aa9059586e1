"""Tests for the misaligned-GBK repair: seed 001, simulated damage, and no false positives."""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.decode.mojibake import RepairResult, _charsets, repair_misaligned_gbk
from tests.conftest import SEEDS

SEED_001 = SEEDS / "001_8d62110f45006124.txt"

# News-like templates about AI in education, each as (Simplified, Traditional).
TEMPLATES = [
    (
        "{d}，{city}教育局与{org}签署战略合作协议，双方将共建人工智能教育示范区。",
        "{d}，{city}教育局與{org}簽署戰略合作協議，雙方將共建人工智慧教育示範區。",
    ),
    (
        "{city}举办智慧教育推进会，{org}董事长在会上介绍了智慧课堂的建设成果。",
        "{city}舉辦智慧教育推進會，{org}董事長在會上介紹了智慧課堂的建設成果。",
    ),
    (
        "会议指出，要以数据驱动为核心，推动{city}教育治理水平提升，实现教育教学高质量发展。",
        "會議指出，要以數據驅動為核心，推動{city}教育治理水平提升，實現教育教學高質量發展。",
    ),
    (
        "据介绍，{org}将在{city}建设智慧教育研究院，为教师提供培训、研究和展示平台。",
        "據介紹，{org}將在{city}建設智慧教育研究院，為教師提供培訓、研究和展示平台。",
    ),
    (
        "{city}副市长表示，“双减”政策下，分层作业和精准学情分析让学生负担明显减轻。",
        "{city}副市長表示，「雙減」政策下，分層作業和精準學情分析讓學生負擔明顯減輕。",
    ),
    (
        "此次签约仪式上，{org}副总裁与{city}有关负责人共同为人工智能实验室揭牌。",
        "此次簽約儀式上，{org}副總裁與{city}有關負責人共同為人工智慧實驗室揭牌。",
    ),
    (
        "{d}，全国智慧教育示范区建设推进会在{city}召开，来自各地的代表分享了实践经验。",
        "{d}，全國智慧教育示範區建設推進會在{city}召開，來自各地的代表分享了實踐經驗。",
    ),
    (
        "专家认为，人工智能进入课堂后，教师的角色正在从知识传授者转变为学习引导者。",
        "專家認為，人工智慧進入課堂後，教師的角色正在從知識傳授者轉變為學習引導者。",
    ),
    (
        "{org}与{city}多所中小学合作，开设人工智能课程，覆盖学生超过三万名。",
        "{org}與{city}多所中小學合作，開設人工智慧課程，覆蓋學生超過三萬名。",
    ),
    (
        "根据协议，双方将在教育信息化、教师研修和智慧校园建设等领域开展深度合作。",
        "根據協議，雙方將在教育資訊化、教師研修和智慧校園建設等領域開展深度合作。",
    ),
]
CITIES = [
    ("蚌埠市", "蚌埠市"),
    ("深圳市福田区", "深圳市福田區"),
    ("广州市荔湾区", "廣州市荔灣區"),
    ("韶关市", "韶關市"),
    ("北京市海淀区", "北京市海淀區"),
]
ORGS = [
    ("科大讯飞", "科大訊飛"),
    ("腾讯公司", "騰訊公司"),
    ("华为技术有限公司", "華為技術有限公司"),
    ("蚌埠投资集团", "蚌埠投資集團"),
]
DATES = [("12月29日", "12月29日"), ("3月28日", "3月28日"), ("去年年底", "去年年底")]


def sentences(script: int, count: int = 40) -> list[str]:
    """Deterministic news-like sentences; script 0 = Simplified, 1 = Traditional."""
    rng = random.Random(20261121 + script)
    out = []
    for k in range(count):
        template = TEMPLATES[k % len(TEMPLATES)][script]
        out.append(
            template.format(
                city=rng.choice(CITIES)[script],
                org=rng.choice(ORGS)[script],
                d=rng.choice(DATES)[script],
            )
        )
    return out


def damage(text: str, rng: random.Random, mark: str, nfkc: bool) -> str:
    """Cut one two-byte char's lead from its trail in the first half, decode each side apart."""
    positions, offset = [], 0
    for index, char in enumerate(text):
        size = len(char.encode("gb18030"))
        if size == 2 and index < len(text) // 2:
            positions.append(offset)
        offset += size
    raw = text.encode("gb18030")
    cut = rng.choice(positions) + 1
    broken = raw[:cut].decode("gb18030", "replace") + raw[cut:].decode("gb18030", "replace")
    broken = broken.replace("\ufffd", mark)
    return unicodedata.normalize("NFKC", broken) if nfkc else broken


def levenshtein(a: str, b: str) -> int:
    """Edit distance between two strings."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def simulate(script: int, mark: str, nfkc: bool) -> tuple[float, float]:
    """Share of damaged sentences repaired exactly and within one char (NFKC forms compared)."""
    rng = random.Random(7 + script)
    exact = near = 0
    texts = sentences(script)
    for text in texts:
        broken = damage(text, rng, mark, nfkc)
        fixed = repair_misaligned_gbk(broken).text
        dist = levenshtein(
            unicodedata.normalize("NFKC", fixed), unicodedata.normalize("NFKC", text)
        )
        exact += dist == 0
        near += dist <= 1
    return exact / len(texts), near / len(texts)


# ---------------------------------------------------------------------------------- seed 001


@pytest.fixture(scope="module")
def seed_repair() -> tuple[str, RepairResult]:
    """Seed 001 as stored, and its repair."""
    text = SEED_001.read_text(encoding="utf-8")
    return text, repair_misaligned_gbk(text)


def test_seed_first_run_is_repaired_exactly(seed_repair: tuple[str, RepairResult]) -> None:
    _, result = seed_repair
    assert "在江淮智慧教育研究院成功舉辦。活動旨在總結國家級智慧教育示范區建設成果" in result.text
    assert "?;顒又荚" not in result.text
    assert "顒又荚" not in result.text


def test_seed_second_run_recovers_the_names(seed_repair: tuple[str, RepairResult]) -> None:
    _, result = seed_repair
    at = result.text.index("應用樣板和場景")
    near = result.text[at : at + 30]
    assert "安徽省人民" in near
    assert "省長王翠鳳" in near
    assert "卑不帐" not in result.text


def test_seed_repairs_point_at_the_garbled_input(seed_repair: tuple[str, RepairResult]) -> None:
    text, result = seed_repair
    assert len(result.repairs) == 2
    first, second = result.repairs
    for repair in result.repairs:
        assert text[repair.start : repair.end] == repair.garbled
        assert repair.garbled[0] == "?"
        assert repair.gain > 0
    assert first.garbled == "?;顒又荚诳偨Y"
    assert first.repaired == "。活動旨在總結"
    assert first.confidence == "high"
    assert second.garbled == "?!卑不帐∪嗣裾笔¢L"
    assert second.repaired.startswith("。”安徽省人民")
    assert second.confidence == "low"  # 4 bytes of PUA were stripped: 政府副 cannot come back
    # Everything outside the garbled spans is untouched.
    assert (
        result.text.replace(first.repaired, first.garbled, 1).replace(
            second.repaired, second.garbled, 1
        )
        == text
    )


def test_unfolded_seed_runs_are_repaired_too() -> None:
    # The same damage before NFKC: full-width ；and the U+FFFD mark.
    text = "在江淮智慧教育研究院成功舉辦\ufffd；顒又荚诳偨Y國家級智慧教育示范區建設成果，促進"
    result = repair_misaligned_gbk(text)
    assert "成功舉辦。活動旨在總結國家級" in result.text
    assert result.repairs[0].garbled == "\ufffd；顒又荚诳偨Y"


# ---------------------------------------------------------------------------- simulated damage

# (script 0=Simplified 1=Traditional, mark, NFKC afterwards) -> floors a little below the rates
# measured on these 40 sentences (exact / <=1 char): Simplified 0.30 / 1.00 in all three;
# Traditional 0.325 / 0.85 (U+FFFD), 0.25 / 0.675 ('?'), 0.25 / 0.65 ('?' + NFKC). Exact is low
# because the orphan char is guessed from its trail byte alone; most Traditional misses are a
# cut char whose trail byte is ASCII ('韶?P市' for 韶關市), which is not repaired (see module).
SCENARIOS = {
    (0, "\ufffd", False): (0.25, 0.95),
    (0, "?", False): (0.25, 0.95),
    (0, "?", True): (0.25, 0.95),
    (1, "\ufffd", False): (0.25, 0.8),
    (1, "?", False): (0.2, 0.62),
    (1, "?", True): (0.2, 0.6),
}


@pytest.mark.parametrize(("script", "mark", "nfkc"), list(SCENARIOS))
def test_simulated_damage_is_mostly_repaired(script: int, mark: str, nfkc: bool) -> None:
    exact, near = simulate(script, mark, nfkc)
    floor_exact, floor_near = SCENARIOS[(script, mark, nfkc)]
    assert exact >= floor_exact
    assert near >= floor_near


def test_damage_is_repaired_in_place_and_recorded() -> None:
    text = sentences(0)[0]
    broken = damage(text, random.Random(3), "\ufffd", nfkc=False)
    result = repair_misaligned_gbk(broken)
    assert len(result.repairs) == 1
    repair = result.repairs[0]
    assert broken[repair.start : repair.end] == repair.garbled
    assert repair.gain >= 2.0
    assert result.text == broken[: repair.start] + repair.repaired + broken[repair.end :]
    assert levenshtein(result.text, text) <= 1


# ------------------------------------------------------------------------- no false positives

_SETS = _charsets()
COMMON = sorted(_SETS["common"])
ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
PUNCTUATION = "。，、；：？！“”（）《》?!,.;:() "

clean_texts = st.lists(
    st.one_of(
        st.sampled_from(COMMON),
        st.sampled_from(ASCII),
        st.sampled_from(PUNCTUATION),
        st.just("?"),
    ),
    min_size=1,
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(clean_texts)
def test_clean_text_is_never_changed(text: str) -> None:
    result = repair_misaligned_gbk(text)
    assert result.text == text
    assert result.repairs == []


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 79), st.integers(0, 10_000), st.sampled_from(["?", "？"]))
def test_clean_sentences_with_question_marks_are_unchanged(k: int, seed: int, mark: str) -> None:
    text = sentences(k % 2, 40)[k % 40]
    at = random.Random(seed).randrange(1, len(text))
    for sample in (text[:at] + mark + text[at:], text.replace("，", mark)):
        for variant in (sample, unicodedata.normalize("NFKC", sample)):
            assert repair_misaligned_gbk(variant).text == variant


@pytest.mark.parametrize(
    "text",
    [
        "为什么?因为人工智能正在改变课堂。",
        "為什麼?因為人工智慧正在改變課堂。",
        "AI会取代老师吗?专家认为不会,教师的角色会转变。",
        "什么是智慧教育?智慧教育就是以数据驱动的教学?",
        "真的吗?AI课堂来了!",
        "问题:学生负担减轻了吗???答案是肯定的。",
    ],
)
def test_real_question_marks_stay(text: str) -> None:
    assert repair_misaligned_gbk(text) == RepairResult(text, [])


def test_fast_path_returns_the_same_object() -> None:
    text = "蚌埠市全國智慧教育示范區建設推進會在江淮智慧教育研究院成功舉辦。"
    result = repair_misaligned_gbk(text)
    assert result.text is text
    assert result.repairs == []
