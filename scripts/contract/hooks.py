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


# As src/sla/sla-policy.ts: the rules between the SLA policy's fields (policyProblems).
TARGET_HORIZON_WEEKS = 104
URGENCIES = ("low", "medium", "high")
HH_MM = re.compile(r"^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$")


def _minutes_of_day(raw):
    hours, minutes = raw.split(":")
    return int(hours) * 60 + int(minutes)


def _real_date(raw):
    try:
        datetime.strptime(raw, "%Y-%m-%d")
        return True
    except (TypeError, ValueError):
        return False


@schemathesis.hook.apply_to(method="PUT", path="/admin/sla-policy")
def filter_body(ctx, body):
    """The SLA policy: first_response_minutes at most resolution_minutes, business_hours.end later than start, real holiday dates, and every resolution target within 104 weeks of working time."""
    if not isinstance(body, dict):
        return True
    targets, hours, holidays = body.get("targets"), body.get("business_hours"), body.get("holidays")
    if not isinstance(targets, dict) or not isinstance(holidays, list):
        return True
    if not all(isinstance(targets.get(u), dict) for u in URGENCIES):
        return True
    pairs = [(targets[u].get("first_response_minutes"), targets[u].get("resolution_minutes")) for u in URGENCIES]
    if not all(isinstance(a, int) and isinstance(b, int) for a, b in pairs):
        return True
    if any(a > b for a, b in pairs):
        return False
    if any(isinstance(day, str) and not _real_date(day) for day in holidays):
        return False
    window = 24 * 60
    days = 7
    if isinstance(hours, dict):
        start, end, weekdays = hours.get("start"), hours.get("end"), hours.get("days")
        if not (isinstance(start, str) and isinstance(end, str) and HH_MM.match(start) and HH_MM.match(end)):
            return True
        if not isinstance(weekdays, list):
            return True
        window = _minutes_of_day(end) - _minutes_of_day(start)
        if window <= 0:
            return False
        days = len(weekdays)
    available = TARGET_HORIZON_WEEKS * days * window - len(holidays) * window
    return max(b for _, b in pairs) <= available
