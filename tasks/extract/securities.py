"""Listed securities named by stock-quote widgets in page markup (Eastmoney `data-code`)."""

from __future__ import annotations

import re

# data-code="K 002230|0|2" or "00700|116|5": code | Eastmoney market id | widget kind.
_DATA_CODE = re.compile(r'data-code="(?:K\s+)?([0-9A-Za-z.]{1,10})\|(\d{1,3})\|')
# Eastmoney market ids → exchange suffixes (0 = Shenzhen, or Beijing for its code ranges).
_MARKETS = {"0": "SZ", "1": "SH", "116": "HK", "105": "US", "106": "US", "107": "US"}
_BEIJING_PREFIXES = ("43", "83", "87", "88", "92")


def find_securities(markup: str) -> list[str]:
    """Ticker symbols (002230.SZ, 0700.HK) of the quote widgets in HTML, in first-seen order."""
    found: list[str] = []
    for code, market in _DATA_CODE.findall(markup):
        symbol = _symbol(code, market)
        if symbol and symbol not in found:
            found.append(symbol)
    return found


def _symbol(code: str, market: str) -> str | None:
    exchange = _MARKETS.get(market)
    if exchange is None:
        return None
    if exchange == "HK":
        return f"{int(code):04d}.HK" if code.isdigit() else None
    if exchange == "SZ" and code.startswith(_BEIJING_PREFIXES):
        exchange = "BJ"
    if exchange in ("SZ", "SH", "BJ") and not (code.isdigit() and len(code) == 6):
        return None
    return f"{code.upper()}.{exchange}"
