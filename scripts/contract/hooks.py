"""Rules between query parameters that OpenAPI 3.0 cannot state, for schemathesis (`npm run test:contract`).

Each operation description in /docs-json says the rule in words; these hooks keep the fuzzer's
schema-valid cases inside it, so a 400 the server answers for breaking it is not reported as a
schema-valid request rejected. Cases the server would refuse for any other reason are kept.
"""

from datetime import datetime, timedelta, timezone
import re

import schemathesis

DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# As src/analytics/analytics-range.ts: MAX_RANGE_DAYS and DEFAULT_RANGE_DAYS.
MAX_RANGE = timedelta(days=366)
DEFAULT_RANGE = timedelta(days=30)


def _instant(raw):
    """The instant a `from`/`to` value names, or None when the server would refuse its format anyway."""
    if not isinstance(raw, str):
        return None
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


@schemathesis.hook.apply_to(path_regex="^/admin/(analytics/|knowledge-gaps$)")
def filter_query(ctx, query):
    """Analytics ranges (and the knowledge gaps, which take the same range): `from` before `to`, at most 366 days apart (`to` defaults to now, `from` to 30 days before `to`)."""
    query = query or {}
    raw_from, raw_to = query.get("from"), query.get("to")
    to = datetime.now(timezone.utc) if raw_to is None else _instant(raw_to)
    if raw_to is not None and to is not None and DATE_ONLY.match(raw_to):
        to += timedelta(days=1)
    start = None if raw_from is None else _instant(raw_from)
    if to is None or (raw_from is not None and start is None):
        return True
    try:
        start = start if start is not None else to - DEFAULT_RANGE
        return start < to and to - start <= MAX_RANGE
    except OverflowError:  # year 1 minus 30 days: the server refuses the range too
        return False
