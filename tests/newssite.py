"""A generated news site on the test HTTP server: article pages, a sitemap with <lastmod>, an
RSS feed of the latest items with <pubDate>, and ETags everywhere (answered 304 when matched).

The text is invented: a school district's portal reporting AI-in-education news.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from tests.httpserver import Route, Server

CITIES = ("南湖", "西岭", "东川", "北塘", "青石", "云溪", "白沙", "临江")
TOPICS = ("智慧课堂", "人工智能课程", "编程社团", "教师数字素养培训", "AI助教试点", "因材施教平台")
FEED_ITEMS = 20
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass
class Article:
    """One article of the site: its number, revision and dates."""

    number: int
    published: datetime
    modified: datetime
    revision: int = 1

    @property
    def path(self) -> str:
        return f"/news/{self.number:05d}.html"


def article_html(article: Article) -> bytes:
    """Return an article page: a realistic portal page with a few paragraphs of news."""
    city = CITIES[article.number % len(CITIES)]
    topic = TOPICS[article.number % len(TOPICS)]
    school = f"{city}区第{article.number % 97 + 1}中学"
    title = f"{school}推进{topic}建设（第{article.number}期）"
    body = "".join(
        f"<p>{paragraph}</p>"
        for paragraph in (
            f"本报讯 近日，{school}召开{topic}建设推进会，校长介绍了本学期在{topic}方面的"
            f"工作安排，全校{article.number % 40 + 20}个班级将参与试点。",
            f"据了解，{city}区教育局今年投入专项经费，支持学校建设{topic}，"
            "并组织骨干教师赴兄弟学校交流学习，推动人工智能与学科教学深度融合。",
            f"会上，教师代表分享了课堂实践案例。学生通过平台完成个性化练习，"
            f"教师根据学情数据调整教学，第{article.revision}版方案已在年级组推广。",
        )
    )
    published = article.published.isoformat()
    return (
        '<html><head><meta charset="utf-8">'
        f'<meta property="article:published_time" content="{published}">'
        f"<title>{title}_{city}教育网</title></head><body>"
        "<div class='nav'>首页 | 教育动态 | 通知公告</div>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<div class='footer'>版权所有 教育信息中心</div></body></html>"
    ).encode()


@dataclass
class NewsSite:
    """A site of `n` articles on `server`, published one every `spacing` before `start`."""

    server: Server
    n: int
    start: datetime = field(default_factory=lambda: datetime.now(UTC))
    spacing: timedelta = timedelta(minutes=1)
    articles: list[Article] = field(default_factory=list)

    def __post_init__(self) -> None:
        first = self.start - self.n * self.spacing
        for i in range(self.n):
            when = first + i * self.spacing
            self.articles.append(Article(i, when, when))
        for article in self.articles:
            self._serve(article)
        self.publish_listings()

    @property
    def sitemap(self) -> str:
        return self.server.base + "/sitemap.xml"

    @property
    def feed(self) -> str:
        return self.server.base + "/feed.xml"

    def url(self, article: Article) -> str:
        return self.server.base + article.path

    def add(self, count: int, when: datetime) -> list[Article]:
        """Publish `count` new articles dated `when`; the listings name them."""
        added = [Article(len(self.articles) + i, when, when) for i in range(count)]
        self.articles.extend(added)
        for article in added:
            self._serve(article)
        self.publish_listings()
        return added

    def revise(self, number: int, when: datetime) -> Article:
        """Change an article's text and date its listing entries `when`."""
        article = self.articles[number]
        article.revision += 1
        article.modified = when
        self._serve(article)
        self.publish_listings()
        return article

    def fail(self, number: int, status: int) -> None:
        """Make an article's page answer `status` from now on."""
        self.server.route(self.articles[number].path, Route(status))

    def publish_listings(self) -> None:
        """Serve the sitemap (every article, with lastmod) and the feed (the latest items)."""
        urls = "".join(
            f"<url><loc>{self.url(a)}</loc><lastmod>{a.modified.isoformat()}</lastmod></url>"
            for a in self.articles
        )
        sitemap = (
            f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="{SITEMAP_NS}">{urls}</urlset>'
        )
        latest = sorted(self.articles, key=lambda a: a.modified)[-FEED_ITEMS:]
        items = "".join(
            f"<item><title>第{a.number}期</title><link>{self.url(a)}</link>"
            f"<pubDate>{format_datetime(a.modified)}</pubDate></item>"
            for a in reversed(latest)
        )
        feed = (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>教育动态</title><link>{self.server.base}/</link>{items}</channel></rss>"
        )
        self._route("/sitemap.xml", sitemap.encode(), "application/xml")
        self._route("/feed.xml", feed.encode(), "application/rss+xml")

    def page_hits(self, since: int = 0) -> list[str]:
        """The article paths requested since the `since`-th request."""
        return [p for p in self.server.paths()[since:] if p.startswith("/news/")]

    def _serve(self, article: Article) -> None:
        self._route(article.path, article_html(article), "text/html; charset=utf-8")

    def _route(self, path: str, body: bytes, content_type: str) -> None:
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        self.server.route(
            path, Route(headers={"Content-Type": content_type, "ETag": etag}, body=body)
        )
