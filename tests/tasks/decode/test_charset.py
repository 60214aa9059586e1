import random
from datetime import UTC, datetime

import pytest

from schemas import DecodedDocument, RawDocument, Reject, RejectReason, Stage
from tasks.decode.charset import (
    DecodeSettings,
    charset_from_content_type,
    decode_bytes,
    decode_document,
    find_declared_charset,
    normalise_charset,
    sniff_binary,
)

TITLE = "深圳平湖中学与科大讯飞达成战略合作"
SIMPLIFIED = "3月28日，深圳市龙岗区平湖中学与科大讯飞在深举办战略合作框架协议签署仪式。"
# 镕, 喆 and 堃 are in GBK but not in GB2312: a page declaring gb2312 needs the widened codec.
RARE = "朱镕基题词，张喆与李堃出席。"
TRADITIONAL = "蚌埠市全國智慧教育示範區建設推進會在江淮智慧教育研究院成功舉辦。"


def page(body: str, title: str = TITLE, charset: str | None = None) -> str:
    meta = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        if charset
        else ""
    )
    return (
        f"<!DOCTYPE html>\n<html><head>{meta}<title>{title}</title></head>\n"
        f'<body><div class="article"><p>{body}</p></div></body></html>\n'
    )


SIMPLIFIED_PAGE = page(SIMPLIFIED + RARE)
TRADITIONAL_PAGE = page(TRADITIONAL, title="智慧教育示範區建設推進會")


def raw(content: bytes, headers: dict[str, str] | None = None) -> RawDocument:
    return RawDocument(
        source_uri="/data/in/page.html",
        sha256="ab" * 32,
        size=len(content),
        content=content,
        headers=headers or {},
        fetched_at=datetime(2024, 3, 28, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ("x-gbk", "gb18030"),
        ("cp936", "gb18030"),
        ("GB18030", "gb18030"),
        ("euc-cn", "gb18030"),
        ("big5", "big5hkscs"),
        ("Big5-HKSCS", "big5hkscs"),
        ("cp950", "big5hkscs"),
        ("x-x-big5", "big5hkscs"),
        ("utf8", "utf-8"),
        ("UTF-8", "utf-8"),
        (' "utf-8" ', "utf-8"),
        ("utf-16", "utf-16"),
        ("UTF-16LE", "utf-16-le"),
        ("utf-32be", "utf-32-be"),
        ("iso-8859-1", "iso8859-1"),
        ("windows-1252", "cp1252"),
        ("shift_jis", "shift_jis"),
        ("no-such-charset", None),
        ("", None),
        ("base64", None),  # a bytes-to-bytes codec, not a text encoding
        ("utf-7", None),
    ],
)
def test_normalise_charset(label, codec):
    assert normalise_charset(label) == codec


@pytest.mark.parametrize(
    ("head", "codec"),
    [
        (b'<html><head><meta charset="gbk">', "gb18030"),
        (b"<html><head><META CHARSET=GB2312>", "gb18030"),
        (b"<meta charset='big5' />", "big5hkscs"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gb18030"),
        (b'<meta content="text/html;charset=BIG5" http-equiv="content-type">', "big5hkscs"),
        (b'<?xml version="1.0" encoding="GBK"?>\n<rss version="2.0">', "gb18030"),
        (b"<?xml version='1.0' encoding='utf-8'?><html>", "utf-8"),
        (b'<meta charset="utf-16">', "utf-8"),  # markup readable as ASCII is not UTF-16
        (b'<meta charset="bogus"><meta charset="gbk">', "gb18030"),
        (b'<!-- <meta charset="big5"> --><meta charset="utf-8">', "utf-8"),
        (b'<meta name="keywords" content="AI, education">', None),
        (b"<p>charset=gbk is not a declaration outside a meta tag</p>", None),
        (b"", None),
    ],
)
def test_find_declared_charset(head, codec):
    assert find_declared_charset(head) == codec


@pytest.mark.parametrize(
    ("value", "codec"),
    [
        ("text/html; charset=GBK", "gb18030"),
        ('text/html;charset="big5"', "big5hkscs"),
        ("text/plain; Charset=UTF-8; format=flowed", "utf-8"),
        ("text/html", None),
        (None, None),
    ],
)
def test_charset_from_content_type(value, codec):
    assert charset_from_content_type(value) == codec


@pytest.mark.parametrize(
    ("data", "description"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip data"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "GIF image"),
        ("<p>科大讯飞\x00</p>".encode("gbk"), None),  # a stray NUL happens in real pages
        ("<p>科大讯飞</p>".encode("gbk") + bytes(40), "contains NUL bytes"),
        (b"\x01\x02\x03\x04 not text \x05\x06", "contains control bytes"),
        (SIMPLIFIED_PAGE.encode("utf-16"), None),  # NUL bytes, but a byte-order mark says UTF-16
        (SIMPLIFIED_PAGE.encode("utf-32"), None),
        (SIMPLIFIED_PAGE.encode("gbk"), None),
        (TRADITIONAL_PAGE.encode("big5"), None),
        ("第一段\t\r\n\x0c第二段\x1a".encode("gbk"), None),  # tab, CRLF, form feed, DOS EOF
    ],
)
def test_sniff_binary(data, description):
    assert sniff_binary(data) == description


CASES = [
    # name, bytes, HTTP charset, expected (encoding, source, declared), expected text
    (
        "utf-8 declared",
        page(SIMPLIFIED, charset="utf-8").encode("utf-8"),
        None,
        ("utf-8", "meta", "utf-8"),
        page(SIMPLIFIED, charset="utf-8"),
    ),
    ("utf-8 undeclared", SIMPLIFIED_PAGE.encode("utf-8"), None, ("utf-8", "utf-8", None), None),
    (
        "gbk declared gb2312",
        page(SIMPLIFIED + RARE, charset="gb2312").encode("gbk"),
        None,
        ("gb18030", "meta", "gb18030"),
        page(SIMPLIFIED + RARE, charset="gb2312"),
    ),
    ("gbk undeclared", SIMPLIFIED_PAGE.encode("gbk"), None, ("gb18030", "detected", None), None),
    (
        "big5 declared",
        page(TRADITIONAL, title="示範區", charset="big5").encode("big5"),
        None,
        ("big5hkscs", "meta", "big5hkscs"),
        page(TRADITIONAL, title="示範區", charset="big5"),
    ),
    (
        "big5 undeclared",
        TRADITIONAL_PAGE.encode("big5"),
        None,
        ("big5hkscs", "detected", None),
        None,
    ),
    (
        "traditional text in gbk",  # Traditional characters are GBK too; not a Big5 tell
        TRADITIONAL_PAGE.encode("gbk"),
        None,
        ("gb18030", "detected", None),
        None,
    ),
    (
        "utf-8 mislabelled gbk",
        page(SIMPLIFIED, charset="gbk").encode("utf-8"),
        None,
        ("utf-8", "utf-8", "gb18030"),
        page(SIMPLIFIED, charset="gbk"),
    ),
    (
        "gbk mislabelled big5",
        page(SIMPLIFIED + RARE, charset="big5").encode("gbk"),
        None,
        ("gb18030", "detected", "big5hkscs"),
        page(SIMPLIFIED + RARE, charset="big5"),
    ),
    (
        "gbk mislabelled utf-8",
        page(SIMPLIFIED, charset="utf-8").encode("gbk"),
        None,
        ("gb18030", "detected", "utf-8"),
        page(SIMPLIFIED, charset="utf-8"),
    ),
    (
        "gbk sent as latin-1 (server default)",
        SIMPLIFIED_PAGE.encode("gbk"),
        "ISO-8859-1",
        ("gb18030", "detected", "iso8859-1"),
        None,
    ),
    (
        "http header overrides meta",
        page(SIMPLIFIED, charset="big5").encode("gbk"),
        "GBK",
        ("gb18030", "http", "gb18030"),
        page(SIMPLIFIED, charset="big5"),
    ),
    (
        "utf-8 declared by http",
        SIMPLIFIED_PAGE.encode("utf-8"),
        "utf-8",
        ("utf-8", "http", "utf-8"),
        None,
    ),
    (
        "bom utf-8",
        b"\xef\xbb\xbf" + SIMPLIFIED_PAGE.encode(),
        None,
        ("utf-8", "bom", None),
        SIMPLIFIED_PAGE,
    ),
    (
        "bom utf-16",
        SIMPLIFIED_PAGE.encode("utf-16"),
        None,
        ("utf-16-le", "bom", None),
        SIMPLIFIED_PAGE,
    ),
    (
        "bom utf-16 big-endian",
        b"\xfe\xff" + SIMPLIFIED_PAGE.encode("utf-16-be"),
        None,
        ("utf-16-be", "bom", None),
        SIMPLIFIED_PAGE,
    ),
    (
        "bom wins over declarations",
        b"\xef\xbb\xbf" + page(SIMPLIFIED, charset="gb2312").encode(),
        "big5",
        ("utf-8", "bom", "big5hkscs"),
        page(SIMPLIFIED, charset="gb2312"),
    ),
    (
        "plain text gbk",
        (SIMPLIFIED + "\n\n" + RARE + "\n").encode("gbk"),
        None,
        ("gb18030", "detected", None),
        SIMPLIFIED + "\n\n" + RARE + "\n",
    ),
    (
        "plain text big5",
        (TRADITIONAL + "\r\n" + TRADITIONAL).encode("big5"),
        None,
        ("big5hkscs", "detected", None),
        TRADITIONAL + "\r\n" + TRADITIONAL,
    ),
    ("ascii only", b"<p>AI in education</p>", None, ("utf-8", "utf-8", None), None),
]


@pytest.mark.parametrize(
    ("data", "http", "expected", "text"), [case[1:] for case in CASES], ids=[c[0] for c in CASES]
)
def test_decode_bytes_chooses_the_encoding(data, http, expected, text):
    decoded = decode_bytes(data, http)
    assert (decoded.encoding, decoded.source, decoded.declared) == expected
    assert decoded.text == (data.decode(expected[0]) if text is None else text)
    assert decoded.replaced == 0
    assert not decoded.text.startswith("\ufeff")


def test_widening_keeps_characters_outside_gb2312():
    decoded = decode_bytes(page(RARE, charset="gb2312").encode("gbk"))
    assert all(char in decoded.text for char in "镕喆堃")
    assert "\ufffd" not in decoded.text


def test_big5_is_not_mistaken_for_gbk():
    decoded = decode_bytes(TRADITIONAL.encode("big5"))
    assert decoded.encoding == "big5hkscs"
    assert decoded.text == TRADITIONAL


def test_bom_texts_lose_only_the_bom():
    for data in (b"\xef\xbb\xbf" + SIMPLIFIED_PAGE.encode(), SIMPLIFIED_PAGE.encode("utf-16")):
        assert decode_bytes(data).text == SIMPLIFIED_PAGE


def test_whole_input_is_decoded_at_once():
    # An odd-length ASCII prefix puts a GBK lead byte exactly at the sniffing boundary (4096):
    # decoding in chunks would split that character and shift every later one.
    prefix = "<!--" + "x" * 4088 + "-->"
    text = prefix + TITLE + SIMPLIFIED * 50
    data = text.encode("gbk")
    assert len(prefix) == 4095 and data[4095] >= 0x81  # lead byte in, trail byte out
    assert decode_bytes(data).text == text


def test_text_is_not_normalised():
    text = "\u3000\u3000ＡＩ教育，第１期\ue5e5 —— 完\r\n"
    decoded = decode_bytes(page(text, charset="gbk").encode("gb18030"))
    assert text in decoded.text


def test_truncated_last_character_is_one_replacement_not_a_reject():
    data = (SIMPLIFIED_PAGE + "完").encode("gbk")[:-1]  # cut between lead and trail byte
    decoded = decode_bytes(data)
    assert (decoded.encoding, decoded.replaced) == ("gb18030", 1)
    assert decoded.text == SIMPLIFIED_PAGE + "\ufffd"
    document = decode_document(raw(data), DecodeSettings())
    assert isinstance(document, DecodedDocument)
    assert document.replaced_chars == 1 and document.encoding == "gb18030"


def test_truncated_short_text_is_not_rejected_either():
    data = "深圳".encode("gbk")[:-1]
    document = decode_document(raw(b"<p>" + "科大讯飞".encode("gbk") + data), DecodeSettings())
    assert isinstance(document, DecodedDocument)
    assert document.text == "<p>科大讯飞深\ufffd"


def test_truncated_utf8_stays_utf8():
    decoded = decode_bytes(SIMPLIFIED.encode("utf-8")[:-2])
    assert (decoded.encoding, decoded.source, decoded.replaced) == ("utf-8", "utf-8", 1)
    assert decoded.text == SIMPLIFIED[:-1] + "\ufffd"


def test_a_few_corrupt_bytes_fall_back_to_a_lenient_decode():
    text = page(SIMPLIFIED * 10)
    data = text.encode("gbk").replace(b"<p>", b"<p>\xff")  # 0xFF: never valid in GBK, Big5, UTF-8
    decoded = decode_bytes(data)
    assert (decoded.encoding, decoded.source, decoded.replaced) == ("gb18030", "fallback", 1)
    assert decoded.text == text.replace("<p>", "<p>\ufffd")


def test_decode_document_builds_a_decoded_document():
    data = page(TRADITIONAL, title="示範區", charset="big5").encode("big5")
    document = decode_document(
        raw(data, {"CONTENT-TYPE": "text/html; charset=Big5"}), DecodeSettings()
    )
    assert isinstance(document, DecodedDocument)
    assert document.source_uri == "/data/in/page.html" and document.raw_sha256 == "ab" * 32
    assert (document.encoding, document.encoding_source) == ("big5hkscs", "http")
    assert document.declared_encoding == "big5hkscs" and document.replaced_chars == 0
    assert TRADITIONAL in document.text


def test_http_utf16_without_bom_is_text_not_binary():
    data = SIMPLIFIED_PAGE.encode("utf-16-le")
    document = decode_document(
        raw(data, {"content-type": "text/html; charset=UTF-16LE"}), DecodeSettings()
    )
    assert isinstance(document, DecodedDocument)
    assert document.text == SIMPLIFIED_PAGE and document.encoding_source == "http"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "input looks like a PNG image, not"),
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\n", "input looks like a PDF document, not"),
        (b"\x1f\x8b\x08\x00" + bytes(20), "input looks like gzip data, not"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(20), "input looks like an old Microsoft"),
        ("<p>科大讯飞</p>".encode("gbk") + bytes(40), "input contains NUL bytes (40 in its first"),
    ],
)
def test_binary_input_is_rejected(data, expected):
    reject = decode_document(raw(data), DecodeSettings())
    assert isinstance(reject, Reject)
    assert (reject.stage, reject.reason) == (Stage.DECODE, RejectReason.BINARY)
    assert reject.detail.startswith(expected)
    assert "not a news page or text" in reject.detail
    assert reject.raw_sha256 == "ab" * 32


def test_random_bytes_are_rejected():
    data = random.Random(20240328).randbytes(8192)
    reject = decode_document(raw(data), DecodeSettings())
    assert isinstance(reject, Reject)
    assert reject.reason in (RejectReason.BINARY, RejectReason.UNDECODABLE)
    assert reject.detail


def test_random_high_bytes_without_nul_are_undecodable():
    generator = random.Random(7)
    data = bytes(generator.randrange(0x80, 0x100) for _ in range(3000))
    reject = decode_document(raw(data), DecodeSettings())
    assert isinstance(reject, Reject) and reject.reason is RejectReason.UNDECODABLE
    assert "byte sequences are undecodable as gb18030" in reject.detail


def test_heavily_damaged_text_is_undecodable_with_a_clear_detail():
    # Every full-width comma (2 bytes) is garbage: 2 replacements in every 38 characters.
    data = page(SIMPLIFIED * 20).encode("gbk").replace("，".encode("gbk"), b"\xff\xff")
    reject = decode_document(raw(data), DecodeSettings())
    assert isinstance(reject, Reject) and reject.reason is RejectReason.UNDECODABLE
    assert reject.detail.startswith("40 byte sequences are undecodable as gb18030")
    assert "over the 2.0% limit" in reject.detail
    # The limit is a setting: the same bytes pass with a looser one.
    loose = decode_document(raw(data), DecodeSettings(max_replaced_ratio=0.1))
    assert isinstance(loose, DecodedDocument) and loose.replaced_chars == 40
    assert loose.text.count("\ufffd\ufffd深圳市") == 20
