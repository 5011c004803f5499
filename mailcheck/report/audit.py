"""`mailcheck audit`: counts over many checked letters, mergeable, and their JSON.

An `Audit` is filled one report at a time (`add`) or from a bad input
(`add_error`); two audits of different parts of an archive `merge` into the
audit of the whole, so the same JSON comes out whether one process checked
everything or Dask workers each checked a partition. Every count is an
integer (scores in tenths), so the order of merging changes nothing.

The JSON (`to_json()`) is described in docs/audit.md.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime

VERSION = 1
WORST = 20                 # the worst letters kept
ERRORS_KEPT = 100          # bad inputs listed by name (all are counted)
UNKNOWN = "unknown"        # a letter without From / without a Date
SEVERITIES = ("error", "warning", "suggestion")


def group_of(rule_id: str) -> str:
    return rule_id.split(".", 1)[0]


def month_of(date: datetime | None) -> str:
    return date.strftime("%Y-%m") if date is not None else UNKNOWN


class Audit:
    def __init__(self, state: dict | None = None):
        self.s = state if state is not None else {
            "checked": 0, "failed": 0, "with_findings": 0, "findings": 0,
            "rules": Counter(), "severities": Counter(), "scores": Counter(),
            "senders": {}, "months": {}, "worst": [], "errors": [],
        }

    # --- filling -----------------------------------------------------------------

    def add(self, report, sender: tuple[str, str] | None = None, date: datetime | None = None) -> None:
        s = self.s
        diags = report.diagnostics
        tenths = round(report.score * 10)
        rules = Counter(d.rule for d in diags)
        s["checked"] += 1
        s["findings"] += len(diags)
        s["with_findings"] += 1 if diags else 0
        s["rules"].update(rules)
        s["severities"].update(d.severity for d in diags)
        s["scores"][tenths] += 1
        addr = (sender[1] or "").lower() if sender else ""
        key = addr or UNKNOWN
        who = s["senders"].setdefault(key, {"name": "", "messages": 0, "findings": 0, "tenths": 0,
                                            "rules": Counter(), "months": {}})
        if sender and sender[0] and (not who["name"] or sender[0] < who["name"]):
            who["name"] = sender[0]          # one name per address, whatever the order of arrival
        month = month_of(date)
        for bucket in (who, s["months"].setdefault(month, {"messages": 0, "findings": 0, "tenths": 0,
                                                           "rules": Counter()})):
            bucket["messages"] += 1
            bucket["findings"] += len(diags)
            bucket["tenths"] += tenths
            bucket["rules"].update(rules)
        m = who["months"].setdefault(month, [0, 0])
        m[0] += 1
        m[1] += tenths
        entry = (tenths, -len(diags), report.path, key, date.isoformat() if date else None,
                 dict(rules.most_common(5)))
        s["worst"] = sorted(s["worst"] + [entry], key=_worst_key)[:WORST]

    def add_error(self, path: str, problem: str) -> None:
        self.s["failed"] += 1
        self.s["errors"].append((path, problem))
        if len(self.s["errors"]) > ERRORS_KEPT:          # the same ones kept, however split
            self.s["errors"] = sorted(self.s["errors"])[:ERRORS_KEPT]

    def merge(self, other: "Audit | dict") -> "Audit":
        o = other.s if isinstance(other, Audit) else other
        s = self.s
        for k in ("checked", "failed", "with_findings", "findings"):
            s[k] += o[k]
        for k in ("rules", "severities", "scores"):
            s[k].update(o[k])
        for key, b in o["senders"].items():
            who = s["senders"].setdefault(key, {"name": "", "messages": 0, "findings": 0, "tenths": 0,
                                                "rules": Counter(), "months": {}})
            if b["name"] and (not who["name"] or b["name"] < who["name"]):
                who["name"] = b["name"]
            for k in ("messages", "findings", "tenths"):
                who[k] += b[k]
            who["rules"].update(b["rules"])
            for month, (n, t) in b["months"].items():
                m = who["months"].setdefault(month, [0, 0])
                m[0] += n
                m[1] += t
        for month, b in o["months"].items():
            m = s["months"].setdefault(month, {"messages": 0, "findings": 0, "tenths": 0, "rules": Counter()})
            for k in ("messages", "findings", "tenths"):
                m[k] += b[k]
            m["rules"].update(b["rules"])
        s["worst"] = sorted(s["worst"] + o["worst"], key=_worst_key)[:WORST]
        s["errors"] = sorted(s["errors"] + o["errors"])[:ERRORS_KEPT]
        return self

    # --- the JSON ------------------------------------------------------------------

    def to_json(self) -> dict:
        s = self.s
        n = s["checked"]
        rules = _sorted_counts(s["rules"])
        groups = Counter()
        for rid, c in s["rules"].items():
            groups[group_of(rid)] += c
        months = {}
        for month in sorted(s["months"], key=lambda m: (m == UNKNOWN, m)):
            b = s["months"][month]
            months[month] = {"messages": b["messages"], "findings": b["findings"],
                             "mean_score": _mean(b["tenths"], b["messages"]),
                             "findings_per_message": round(b["findings"] / b["messages"], 2),
                             "rules": _sorted_counts(b["rules"], 10)}
        senders = {}
        for key in sorted(s["senders"], key=lambda k: (-s["senders"][k]["messages"], k)):
            b = s["senders"][key]
            series = {m: _mean(t, c) for m, (c, t) in sorted(b["months"].items()) if m != UNKNOWN}
            senders[key] = {"name": b["name"], "messages": b["messages"], "findings": b["findings"],
                            "mean_score": _mean(b["tenths"], b["messages"]),
                            "findings_per_message": round(b["findings"] / b["messages"], 2),
                            "rules": _sorted_counts(b["rules"], 5),
                            "months": series, "trend": _halves(b["months"])}
        return {
            "version": VERSION,
            "messages": {"total": n + s["failed"], "checked": n, "failed": s["failed"],
                         "with_findings": s["with_findings"], "findings": s["findings"]},
            "rules": rules,
            "groups": _sorted_counts(groups),
            "severities": {k: s["severities"].get(k, 0) for k in SEVERITIES},
            "senders": senders,
            "months": months,
            "scores": _scores(s["scores"]),
            "worst": [{"path": p, "sender": who, "date": date, "score": t / 10, "findings": -neg,
                       "rules": top} for t, neg, p, who, date, top in s["worst"]],
            "trends": _trends(months, senders, s["months"]),
            "errors": {"count": s["failed"], "first": [{"path": p, "problem": e} for p, e in sorted(s["errors"])]},
        }


def _worst_key(entry):
    return entry[0], entry[1], entry[2]


def _sorted_counts(counter, top: int | None = None) -> dict:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return dict(items[:top] if top else items)


def _mean(tenths: int, n: int) -> float | None:
    return round(tenths / n / 10, 2) if n else None


def _halves(months: dict) -> float | None:
    """Mean score of the later half of the dated months minus that of the earlier half
    (each half's letters together); None under two months."""
    dated = sorted(m for m in months if m != UNKNOWN)
    if len(dated) < 2:
        return None
    half = len(dated) // 2

    def mean(ms):
        n = sum(months[m][0] for m in ms)
        return sum(months[m][1] for m in ms) / n / 10

    return round(mean(dated[half:]) - mean(dated[:half]), 2)


def _scores(dist: Counter) -> dict:
    n = sum(dist.values())
    hist = {str(b): 0 for b in range(11)}
    for tenths, c in dist.items():
        hist[str(min(10, tenths // 10))] += c
    out = {"mean": None, "median": None, "min": None, "max": None, "histogram": hist,
           "distribution": {f"{t / 10:.1f}": dist[t] for t in sorted(dist)}}
    if n:
        ordered = sorted(dist)
        out["mean"] = round(sum(t * c for t, c in dist.items()) / n / 10, 2)
        out["min"], out["max"] = ordered[0] / 10, ordered[-1] / 10
        half, seen = (n + 1) // 2, 0
        for t in ordered:
            seen += dist[t]
            if seen >= half:
                out["median"] = t / 10
                break
    return out


def _trends(months: dict, senders: dict, raw_months: dict) -> dict:
    """First dated month against the last; rules whose rate per 100 letters rose or fell
    most between the first and the second half of the dated months; senders whose
    mean score rose (improving) or fell most between the halves of their months."""
    dated = [m for m in months if m != UNKNOWN]
    out = {"months": dated, "mean_score": None, "findings_per_message": None,
           "rules_rising": [], "rules_falling": [], "senders_improving": [], "senders_declining": []}
    if len(dated) < 2:
        return out
    first, last = months[dated[0]], months[dated[-1]]
    out["mean_score"] = {"first": first["mean_score"], "last": last["mean_score"],
                         "change": round(last["mean_score"] - first["mean_score"], 2)}
    out["findings_per_message"] = {"first": first["findings_per_message"],
                                   "last": last["findings_per_message"],
                                   "change": round(last["findings_per_message"] - first["findings_per_message"], 2)}
    half = len(dated) // 2
    a, b = dated[:half], dated[half:]
    na = sum(raw_months[m]["messages"] for m in a)
    nb = sum(raw_months[m]["messages"] for m in b)
    ra, rb = Counter(), Counter()
    for m in a:
        ra.update(raw_months[m]["rules"])
    for m in b:
        rb.update(raw_months[m]["rules"])
    changes = []
    for rid in set(ra) | set(rb):
        before, after = 100 * ra[rid] / na, 100 * rb[rid] / nb
        changes.append({"rule": rid, "before": round(before, 1), "after": round(after, 1),
                        "change": round(after - before, 1)})
    rising = sorted((c for c in changes if c["change"] > 0), key=lambda c: (-c["change"], c["rule"]))
    falling = sorted((c for c in changes if c["change"] < 0), key=lambda c: (c["change"], c["rule"]))
    out["rules_rising"], out["rules_falling"] = rising[:10], falling[:10]
    moved = [(k, v["trend"]) for k, v in senders.items() if v["trend"] is not None]
    out["senders_improving"] = [{"sender": k, "change": t} for k, t in
                                sorted((x for x in moved if x[1] > 0), key=lambda x: (-x[1], x[0]))[:10]]
    out["senders_declining"] = [{"sender": k, "change": t} for k, t in
                                sorted((x for x in moved if x[1] < 0), key=lambda x: (x[1], x[0]))[:10]]
    return out
