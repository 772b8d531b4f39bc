"""The Open SDG progress measure, written independently of Northstar's TypeScript from the
published rules (Statistics Canada's method as Open SDG 2.4.0 computes it; rule numbers below
follow the written-out method). Used by the tests to check Northstar's figures.

Reads a JSON list of cases on stdin:
  {"key", "points": [{"year": label, "value": number|null}], "direction": "positive"|"negative"|null,
   "target": number|null, "targetYear": number|null}
and writes {"key": {"status", "score"}} on stdout.
"""
import json
import sys


class NotComputable(Exception):
    pass


def growth(ratio, years):
    result = ratio ** (1 / years)
    if isinstance(result, complex):
        raise NotComputable("growth of a negative ratio")
    return result - 1


def measure(points, direction, target=None, target_year=None, base_year=2015, limit=None):
    # Rule 1: drop missing values; cut long year labels to four characters; no duplicate years.
    pts = [(p["year"], p["value"]) for p in points if p["value"] is not None]
    if any(len(year) > 4 for year, _ in pts):
        pts = [(year[:4], value) for year, value in pts]
    try:
        series = [(int(year), float(value)) for year, value in pts]
    except ValueError:
        raise NotComputable("a year is not a number")
    years = [year for year, _ in series]
    if len(set(years)) != len(years):
        raise NotComputable("duplicate years")
    values = dict(series)
    # Rule 2: the base year, or the first later year with data.
    later = sorted(year for year in years if year >= base_year)
    if not later:
        raise NotComputable("no data from the base year on")
    t0 = later[0]
    t_now = max(years)
    y0, y_now = values[t0], values[t_now]
    # Rule 3.
    d = 1 if direction == "positive" else -1
    if target == 0:
        target = 0.001
    s = -1 if y0 < 0 else 1
    if y0 == 0:
        y0 = 0.001
    # Rule 4.
    if target is not None and ((d == -1 and y_now <= target) or (d == 1 and y_now >= target)):
        return "target_achieved", 5.0
    # Rule 5.
    if (y0 > 0 and y_now < 0) or (y0 < 0 and y_now > 0) or t_now - t0 < 1:
        raise NotComputable("signs differ or no span")
    # Rule 6.
    cagr = growth(y_now / y0, t_now - t0)
    if target is None:
        # Rules 7 and 10.
        c = 1.0
        if limit is not None:
            b, lim = abs(y0), abs(limit)
            if b >= 2 * lim:
                c = 1.0
            elif b <= lim:
                c = 1 - (b / lim) ** 4.44
            else:
                c = 1 - ((2 * lim - b) / lim) ** 4.44
        v = s * d * cagr
        high, med, low = 0.015 * c, 0.005 * c, 0
        if v < 0:
            score = max(125 * v - 2.5, -5)
        elif c == 0:
            score = 5
        elif v >= high:
            score = min(500 * v / c - 5, 5)
        elif v >= med:
            score = 250 * v / c - 1.25
        else:
            score = 500 * v / c - 2.5
    else:
        # Rules 8 and 11.
        required = growth(target / y0, target_year - t0)
        if required == 0:
            raise NotComputable("the base value is the target")
        v = s * d * cagr / abs(required)
        high, med, low = 0.95, 0.6, 0
        score = min(7.1429 * v - 4.2857, 5) if v >= 0.6 else max(4.1667 * v - 2.5, -5)
    # Rule 9.
    if v >= high:
        status = "substantial_progress"
    elif v >= med:
        status = "moderate_progress"
    elif v >= low:
        status = "limited_progress"
    else:
        status = "deterioration"
    return status, score


def main():
    results = {}
    for case in json.load(sys.stdin):
        try:
            status, score = measure(
                case["points"], case["direction"], case.get("target"), case.get("targetYear")
            )
        except (NotComputable, ZeroDivisionError, OverflowError):
            status, score = "not_available", None
        results[case["key"]] = {"status": status, "score": score}
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
