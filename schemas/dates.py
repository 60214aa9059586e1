"""Date vocabulary shared by the rows: how precise a date is, and the zone of undated times."""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Literal

# How much of a date its source gave, finest first. Publication dates (core.articles
# `published_precision`) are second, minute or day; dates mentioned in text (an event's
# `date_precision`) are day, month or year.
DatePrecision = Literal["second", "minute", "day", "month", "year"]

# Chinese news without an explicit zone is Beijing time.
CHINA_TZ = timezone(timedelta(hours=8), "+08:00")
