"""Decode stage: turn an input's bytes into text, choosing the encoding ourselves.

Trafilatura ignores ``<meta charset>`` and mangles GB2312/GBK pages, so we decode first. Order:
byte-order mark; valid UTF-8; the declared charset (HTTP header, then meta or XML declaration),
widened (gb2312/gbk -> gb18030, big5 -> big5hkscs); detection between gb18030 and big5hkscs by
how plausible the text reads as Chinese; a lenient decode. The whole byte string is always
decoded at once (a cut between a lead and a trail byte is how misaligned-GBK mojibake arises),
and the text is not normalised: only a leading byte-order mark is dropped.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

import charset_normalizer

from schemas import DecodedDocument, RawDocument, Reject, RejectReason, Stage
from schemas.documents import EncodingSource
from tasks.decode.cjk_tables import common_hanzi
from tasks.decode.settings import DecodeSettings


@dataclass(frozen=True)
class DecodedText:
    """Text decoded from bytes, with the codec used and how it was chosen."""

    text: str
    encoding: str  # python codec actually used, e.g. 'utf-8', 'gb18030', 'big5hkscs'
    source: EncodingSource
    declared: str | None  # charset declared by HTTP header or meta (normalised), if any
    replaced: int  # count of U+FFFD introduced by decoding


_DEFAULT_SETTINGS = DecodeSettings()
_CJK = ("gb18030", "big5hkscs")  # detection candidates; the first wins a tie
_PLAUSIBLE = 0.8  # right decodes of Chinese score ~1.0, gb18030<->big5 mix-ups ~0.1-0.55
_WIDE = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})
_NUL = "contains NUL bytes"
_WIDENED = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs"}
_ALIASES = {  # labels browsers know and Python's codecs.lookup does not
    **dict.fromkeys(
        ("x-gbk", "windows-936", "gb_2312", "gb_2312-80", "csgb2312", "x-euc-cn"), "gb18030"
    ),
    **dict.fromkeys(("big-5", "x-x-big5", "x-big5", "cn-big5", "windows-950"), "big5hkscs"),
    **dict.fromkeys(("unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8"), "utf-8"),
    **dict.fromkeys(("unicode", "ucs-2", "csunicode", "iso-10646-ucs-2"), "utf-16-le"),
}
# Codecs Python knows that no web page is written in (or that would be unsafe to honour).
_NOT_PAGE_CODECS = frozenset({"idna", "punycode", "raw-unicode-escape", "unicode-escape", "utf-7"})
_BOMS = (  # UTF-32-LE first: its BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office document"),
)
_COMMENT = re.compile(rb"<!--.*?-->", re.S)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:+-]+)""", re.I)
_XML_ENCODING = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']?\s*([\w.:+-]+)""", re.I
)
_CONTENT_TYPE_CHARSET = re.compile(r"""\bcharset\s*=\s*["']?\s*([^"'\s;,]+)""", re.I)
# C0 controls that text does not contain (tab, newlines, VT, FF, SUB and ESC are allowed).
_CONTROL = re.compile(rb"[\x01-\x08\x0e-\x19\x1c-\x1f\x7f]")


@dataclass(frozen=True)
class _Trial:
    """One way of decoding the input."""

    codec: str
    text: str
    replaced: int

    @cached_property
    def score(self) -> float:
        """How plausible the text is as Chinese (see ``_score``)."""
        return _score(self.text)


def normalise_charset(label: str) -> str | None:
    """Map a declared charset label to the Python codec we decode it with, widened.

    Args:
        label: A charset label as found in a page or header, e.g. ``"GB2312"`` or ``'"big5"'``.

    Returns:
        The codec name (``'gb18030'`` for the GB family, ``'big5hkscs'`` for the Big5 family,
        else Python's canonical name such as ``'utf-8'``), or None for an unknown or unusable label.
    """
    name = label.strip().strip("\"'").strip().lower()
    try:
        codec = _ALIASES.get(name) or codecs.lookup(name).name
        b"A".decode(codec, "ignore")  # LookupError for bytes-to-bytes codecs such as base64
    except (LookupError, UnicodeError):
        return None
    return None if codec in _NOT_PAGE_CODECS else _WIDENED.get(codec, codec)


def find_declared_charset(head: bytes) -> str | None:
    """Return the charset a page declares in its XML declaration or a ``<meta>`` tag.

    A UTF-16/32 declaration in the markup is read as UTF-8, as browsers do: markup that can be
    read as ASCII bytes is not UTF-16.

    Args:
        head: The first bytes of the page.

    Returns:
        The normalised codec name, or None when nothing usable is declared.
    """
    head = _COMMENT.sub(b"", head)
    xml = _XML_ENCODING.match(head)
    labels = [xml.group(1)] if xml else []
    labels += [match.group(1) for match in _META_CHARSET.finditer(head)]
    for label in labels:
        codec = normalise_charset(label.decode("ascii", "replace"))
        if codec is not None:
            return "utf-8" if codec in _WIDE else codec
    return None


def charset_from_content_type(value: str | None) -> str | None:
    """Return the normalised charset of a Content-Type header value.

    Args:
        value: E.g. ``'text/html; charset=GBK'``; None when there is no header.

    Returns:
        The codec name (``'gb18030'`` for that example), or None.
    """
    match = _CONTENT_TYPE_CHARSET.search(value) if value else None
    return normalise_charset(match.group(1)) if match else None


def sniff_binary(data: bytes) -> str | None:
    """Describe what the bytes are if they look binary rather than text.

    Args:
        data: The head of an input (callers pass the first ``sniff_bytes`` bytes).

    Returns:
        A description such as ``'PNG image'`` or ``'contains NUL bytes'``, or None for text.
        UTF-16/32 text with a byte-order mark is text, though it has NUL bytes.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):
        return None
    for signature, description in _SIGNATURES:
        if data.startswith(signature):
            return description
    # A stray NUL or two happens in real pages; binary data has them everywhere.
    nuls = data.count(0)
    if nuls >= 4 and nuls * 100 > len(data):
        return _NUL
    controls = len(_CONTROL.findall(data))
    if controls >= 4 and controls * 100 > len(data):
        return "contains control bytes"
    return None


def decode_bytes(
    data: bytes, http_charset: str | None = None, settings: DecodeSettings = _DEFAULT_SETTINGS
) -> DecodedText:
    """Decode a whole input to text, choosing the encoding as the module docstring says.

    Args:
        data: All the bytes of the input (never a chunk of it).
        http_charset: The charset of the HTTP Content-Type header, if any (any label).
        settings: How far to look for a declaration; the damage limit used in detection.

    Returns:
        The text, codec, how it was chosen, what was declared and how many U+FFFD decoding put in.
        A cut multi-byte character at the very end counts as one replacement, not a failure.
    """
    http = normalise_charset(http_charset) if http_charset else None
    head = data[: settings.sniff_bytes]
    meta = find_declared_charset(head)
    declared = http or meta

    def result(trial: _Trial, where: EncodingSource) -> DecodedText:
        said = meta if where == "meta" else declared
        return DecodedText(trial.text, trial.codec, where, said, trial.replaced)

    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            return result(_strict(body, codec) or _lenient(body, codec), "bom")
    if not data.isascii() and (utf8 := _strict(data, "utf-8")) is not None:
        return result(utf8, "http" if http == "utf-8" else "meta" if meta == "utf-8" else "utf-8")
    declarations: dict[str, EncodingSource] = {}
    sources: tuple[tuple[str | None, EncodingSource], ...] = ((http, "http"), (meta, "meta"))
    for label, where in sources:
        if label is not None and (label not in _WIDE or b"\x00" in head):  # UTF-16/32 has NULs
            declarations.setdefault(label, where)
    for codec, where in declarations.items():
        trial = _strict(data, codec)
        if trial is not None and not _mislabelled(trial, data):
            return result(trial, where)
    if data.isascii():
        return result(_Trial("utf-8", data.decode("ascii"), 0), "utf-8")
    return result(*_detect(data, declarations, settings))


def decode_document(raw: RawDocument, settings: DecodeSettings) -> DecodedDocument | Reject:
    """Decode a raw document, or reject it as binary or undecodable.

    Args:
        raw: The input's bytes and HTTP headers (the Content-Type charset is honoured).
        settings: Sniffing window and the share of U+FFFD above which text is rejected.

    Returns:
        The decoded document, or a Reject (stage decode, reason binary or undecodable).
    """
    head = raw.content[: settings.sniff_bytes]
    http_charset = charset_from_content_type(_header(raw.headers, "content-type"))
    binary = sniff_binary(head)
    if binary is not None and not (binary == _NUL and http_charset in _WIDE):
        return Reject.at(
            Stage.DECODE,
            RejectReason.BINARY,
            _binary_detail(binary, head),
            raw.source_uri,
            raw.sha256,
        )
    decoded = decode_bytes(raw.content, http_charset, settings)
    damaged = _too_damaged(decoded.replaced, decoded.text, settings)
    if damaged or (decoded.source == "fallback" and _score(decoded.text) < _PLAUSIBLE):
        share = decoded.replaced / max(len(decoded.text), 1)
        why = "and no encoding makes the rest read as Chinese"
        if damaged:
            why = f"over the {settings.max_replaced_ratio:.1%} limit"
        detail = (
            f"{decoded.replaced} byte sequences are undecodable as {decoded.encoding} "
            f"(chosen by: {decoded.source}), {share:.1%} of the text, {why}"
        )
        return Reject.at(Stage.DECODE, RejectReason.UNDECODABLE, detail, raw.source_uri, raw.sha256)
    return DecodedDocument(
        source_uri=raw.source_uri,
        raw_sha256=raw.sha256,
        text=decoded.text,
        encoding=decoded.encoding,
        encoding_source=decoded.source,
        declared_encoding=decoded.declared,
        replaced_chars=decoded.replaced,
    )


def _binary_detail(description: str, head: bytes) -> str:
    """Say why an input is not text, for a human reading the rejects."""
    if description.startswith("contains"):
        count = head.count(0) if description == _NUL else len(_CONTROL.findall(head))
        hint = " (UTF-16/32 text needs a byte-order mark)" if description == _NUL else ""
        return (
            f"input {description} ({count} in its first {len(head)} bytes), so it is binary "
            f"data, not a news page or text{hint}"
        )
    what = description  # "gzip data" takes no article
    if not description.endswith(" data"):
        what = ("an " if description[0] in "AEIOUaeiou" else "a ") + description
    return f"input looks like {what}, not a news page or text"


def _detect(
    data: bytes, declarations: dict[str, EncodingSource], settings: DecodeSettings
) -> tuple[_Trial, EncodingSource]:
    """Choose among gb18030 and big5hkscs, lenient decodes and charset-normalizer's guess."""
    best = _best_strict(data)
    if best is not None and best.score >= _PLAUSIBLE:
        return best, "detected"
    lenient = [_lenient(data, codec) for codec in dict.fromkeys([*declarations, "utf-8", *_CJK])]
    usable = [t for t in lenient if not _too_damaged(t.replaced, t.text, settings)]
    if plausible := [t for t in usable if t.score >= _PLAUSIBLE]:
        pick = max(plausible, key=lambda t: (t.score, -t.replaced))
        return pick, declarations.get(pick.codec, "fallback")
    match = charset_normalizer.from_bytes(data).best()
    codec = normalise_charset(match.encoding) if match is not None else None
    guessed = _strict(data, codec) if codec is not None else None
    if guessed is not None:
        return guessed, "detected"
    if best is not None:
        return best, "detected"
    pick = min(lenient, key=lambda t: (t.replaced, -t.score))
    return pick, declarations.get(pick.codec, "fallback")


def _mislabelled(trial: _Trial, data: bytes) -> bool:
    """Say whether a declared charset decodes, but not as Chinese, while a Chinese codec does."""
    if trial.score >= _PLAUSIBLE:
        return False
    better = _best_strict(data)
    return better is not None and better.codec != trial.codec and better.score >= _PLAUSIBLE


def _best_strict(data: bytes) -> _Trial | None:
    """Return the most plausible strict decode among the Chinese candidates (gb18030 on a tie)."""
    trials = [trial for codec in _CJK if (trial := _strict(data, codec)) is not None]
    return max(trials, key=lambda trial: trial.score, default=None)


def _strict(data: bytes, codec: str) -> _Trial | None:
    """Decode strictly, tolerating only a multi-byte character cut at the very end (one U+FFFD)."""
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        text = decoder.decode(data, final=False)
    except UnicodeDecodeError:
        return None
    return _Trial(codec, text + "\ufffd", 1) if decoder.getstate()[0] else _Trial(codec, text, 0)


def _lenient(data: bytes, codec: str) -> _Trial:
    """Decode with U+FFFD for bad bytes, counting only the U+FFFD that decoding introduced."""
    text = data.decode(codec, "replace")
    return _Trial(codec, text, len(text) - len(data.decode(codec, "ignore")))


def _score(text: str) -> float:
    """Return the share of common Chinese characters among the letters (1.0 when there are none).

    ASCII, punctuation, symbols and digits are neutral; U+FFFD, rare or private-use characters,
    kana, accented Latin and other letters count against.
    """
    common = common_hanzi()
    good = bad = 0
    for char, count in Counter(text).items():
        if char in common:
            good += count
        elif char == "\ufffd" or not (char.isascii() or unicodedata.category(char)[0] in "PSNZ"):
            bad += count
    return good / (good + bad) if good + bad else 1.0


def _too_damaged(replaced: int, text: str, settings: DecodeSettings) -> bool:
    """Say whether decoding replaced too much; a single U+FFFD (a cut last character) never is."""
    return replaced > 1 and replaced > settings.max_replaced_ratio * len(text)


def _header(headers: dict[str, str], name: str) -> str | None:
    return next((value for key, value in headers.items() if key.lower() == name), None)
