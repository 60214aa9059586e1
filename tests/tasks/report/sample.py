"""A small warehouse for the report's tests: three months of invented deals, places and runs."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from tests.warehouse import rows

BEIJING = timezone(timedelta(hours=8))
# One title tries to end the page's script element: the report must keep it as text.
HOSTILE_TITLE = "《智学》</script><script>document.title='破'</script>合作"


def build_sample(path: Path) -> Path:
    """Write the sample warehouse to path and return it."""
    con = rows.build(path)
    articles = [
        (
            "a1",
            "南山区教育局与星火智教签署智慧课堂合作协议",
            datetime(2022, 3, 10, 9, tzinfo=BEIJING),
        ),
        ("a2", "蚌埠市与星火智教共建人工智能教育示范区", datetime(2022, 4, 2, 15, tzinfo=BEIJING)),
        ("a3", HOSTILE_TITLE, datetime(2023, 1, 5, 8, tzinfo=BEIJING)),
        ("a4", "海淀区中学揭牌人工智能实验室", None),
    ]
    for article_id, title, published in articles:
        rows.article(
            con, article_id, f"/news/{article_id}.html", title=title, published_at=published,
            url=f"https://news.example.cn/{article_id}.html", outlet="示例教育网",
        )  # fmt: skip
    rows.event(con, "a1", "e1", "sign_agreement", ["南山区教育局", "星火智教"], "2022-03-09",
               province="广东省", city="深圳市", district="南山区", adcode="440305")  # fmt: skip
    rows.event(con, "a2", "e2", "sign_agreement", ["蚌埠市政府", "星火智教", "淮河大学"], "2022-04",
               province="安徽省", city="蚌埠市", adcode="340300")  # fmt: skip
    rows.event(con, "a3", "e3", "renewal", ["南山区教育局", "星火智教"], "XXXX-12-29",
               province="广东省", city="深圳市", adcode="440300")  # fmt: skip
    rows.event(con, "a4", "e4", "unveil", ["海淀实验中学", "启明科技"], "2022-05-20",
               province="北京市", city="北京市", district="海淀区", adcode="110108")  # fmt: skip
    for article_id, province, city, adcode in [
        ("a1", "广东省", "深圳市", "440305"), ("a2", "安徽省", "蚌埠市", "340300"),
        ("a3", "广东省", "深圳市", "440300"), ("a4", "北京市", "北京市", "110108"),
    ]:  # fmt: skip
        rows.place(con, article_id, province, city, None, is_primary=True, adcode=adcode)
    for article_id, names in [("a1", ["星火智教", "南山区教育局"]), ("a2", ["星火智教", "淮河大学"]),
                              ("a3", ["星火智教"]), ("a4", ["启明科技"])]:  # fmt: skip
        for name in names:
            rows.mention(con, article_id, name, "company" if "智" in name else "organisation")
    rows.person(con, "a1", "林晓峰", "局长", "南山区教育局")
    rows.person(con, "a2", "林晓峰", "副市长", "蚌埠市政府")
    rows.person(con, "a2", "周文", "董事长", "星火智教")
    for article_id, term, tf in [("a1", "智慧课堂", 5), ("a2", "智慧课堂", 2), ("a2", "示范区", 4),
                                 ("a3", "大模型", 6), ("a4", "实验室", 3)]:  # fmt: skip
        rows.term(con, article_id, term, tf)
    rows.run(con, "run-1", "completed", datetime(2022, 3, 11, tzinfo=BEIJING), n_seen=3, n_new=2,
             n_rejected=1)  # fmt: skip
    rows.run(con, "run-2", "completed", datetime(2023, 1, 6, tzinfo=BEIJING), n_seen=4, n_new=2,
             n_unchanged=1, n_rejected=2)  # fmt: skip
    rows.reject(con, "run-1", "/news/list.html", "extract", "not_article")
    rows.reject(con, "run-2", "/news/empty.html", "read", "empty")
    rows.reject(con, "run-2", "/news/list2.html", "extract", "not_article")
    con.close()
    return path
