"""Warm a pool worker: take one small invented page through a whole batch before the first one.

Each stage loads its data on first use (jieba's dictionary and word tags, the place and
organisation tables, the mojibake and script tables, Trafilatura's settings, pandas under
pyarrow's spool writer): about 1.5 s. A worker started while the flow process is still starting
Prefect pays that on the other core.
"""

from __future__ import annotations

import hashlib
import tempfile
from datetime import UTC, datetime

from schemas import RawDocument
from tasks.batch.processing import process_batch
from tasks.batch.work import ProcessSettings

_TITLE = "星河市教育局与青岚大学签约共建人工智能教育实验室"
_PAGE = f"""<html><head><meta charset="gbk"><title>{_TITLE}</title>
<meta name="publishdate" content="2026-03-02"></head><body><div class="nav">首页 | 新闻</div>
<div class="article"><h1>{_TITLE}</h1>
<p>3月2日上午，星河市教育局与青岚大学在星河市签署战略合作协议，双方将共建人工智能教育实验室，
面向全市中小学开展教师培训和课程研发。市教育局局长李明华、青岚大学校长王志远出席签约仪式。</p>
<p>根据协议，双方将在未来三年投入5000万元，建设10所人工智能特色学校，培训教师2000人次。</p>
</div><div class="footer">版权所有 星河日报</div></body></html>"""


def warm_up() -> None:
    """Run a batch of one invented GBK page into a temporary spool, removed at once."""
    content = _PAGE.encode("gbk")
    raw = RawDocument(
        source_uri="warm-up:page.html",
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        content=content,
        is_complete=True,
        fetched_at=datetime.now(UTC),
    )
    with tempfile.TemporaryDirectory(prefix="edunews-warm-up-") as spool:
        process_batch(0, [raw], spool, ProcessSettings())
