"""Fuzzing decode → extract → validate → enrich: any bytes end as an article or a typed reject.

Random bytes and mutations (flipped, cut, repeated and spliced bytes) of realistic inputs: a GBK
portal page, a UTF-8 page saved as rendered DOM, Markdown with front matter, plain text and a
Big5 text. The run is bounded by the example counts below (a few seconds each).
"""

from __future__ import annotations

from datetime import UTC, datetime
from hashlib import sha256

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas import Article, RawDocument, Reject, RejectReason
from tasks.batch.processing import process_source
from tasks.batch.work import ProcessSettings
from tasks.enrich.article import enrich_article, enrich_input

PARAGRAPH = "河西市教育局与云帆智能科技有限公司签署人工智能教育合作协议，双方将共建智慧课堂示范校。"
SEEDS = [
    (
        "<html><head><meta charset='gbk'><title>合作签约_教育_河西新闻网</title></head><body>"
        "<div class='nav'>首页 &gt; 教育 &gt; 正文</div><h1>河西市签约</h1>"
        f"<div class='info'>2024-05-06 09:30 来源：河西日报</div><div id='content'><p>{PARAGRAPH}</p>"
        f"<p>{PARAGRAPH}</p></div><div class='footer'>版权所有 河西新闻网</div></body></html>"
    ).encode("gbk"),
    (
        "<head><script>var a = 1;</script><style>p{margin:0}</style><title>签约</title></head>"
        f"<body><article><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body>"
    ).encode(),
    f"---\ntitle: 签约\ndate: 2024-05-06 09:30\n---\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n".encode(),
    f"河西市签约\n\n2024年5月6日\n\n{PARAGRAPH}\n{PARAGRAPH}\n".encode(),
    "河西市簽約\n\n河西市教育局與雲帆智能科技有限公司簽署人工智慧教育合作協議。\n".encode("big5"),
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A seed input with a few random edits."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "truncate"]))
        if edit == "flip" and at < len(data):
            data[at] ^= draw(st.integers(1, 255))
        elif edit == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif edit == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        elif edit == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 200))] * draw(st.integers(2, 50))
        elif edit == "truncate":
            del data[at:]
    return bytes(data)


def outcome_of(content: bytes) -> Article | Reject:
    raw = RawDocument(
        source_uri="/fuzz/input.html",
        sha256=sha256(content).hexdigest(),
        size=len(content),
        content=content,
        fetched_at=datetime(2024, 5, 6, tzinfo=UTC),
    )
    _, outcome = process_source(raw, ProcessSettings())
    assert isinstance(outcome, Article | Reject)
    return outcome


def check(content: bytes) -> None:
    outcome = outcome_of(content)
    if isinstance(outcome, Reject):
        assert isinstance(outcome.reason, RejectReason) and outcome.detail
        return
    assert outcome.text.strip()
    enrichment = enrich_article(enrich_input(outcome))
    assert enrichment.article_id == outcome.article_id


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(mutated())
def test_mutated_inputs_end_as_an_article_or_a_typed_reject(content: bytes) -> None:
    check(content)


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_end_as_an_article_or_a_typed_reject(content: bytes) -> None:
    check(content)


def test_the_seeds_themselves_are_articles() -> None:
    assert all(isinstance(outcome_of(seed), Article) for seed in SEEDS)
