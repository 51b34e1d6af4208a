"""What the report says, as data: ``summary.json`` is this dict. Statistics of every cycle
(see docs/statistics.md), the change with its intervals, per module and per objective,
breakdowns by participant attribute with small groups suppressed, the report's context."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from generator.course.model import Course
from generator.scoring.breakdown import breakdown, hidden_codes
from generator.scoring.responses import Scored
from generator.scoring.statistics import (
    ScoredForm,
    change_summary,
    matched_percents,
    retention,
    summarize_cycle,
    unit_changes,
)


@dataclass(frozen=True)
class ReportContext:
    """What the report is about, shown on its first page."""

    title: str  # the workshop's title, or a programme report's
    place: str = ""
    start: date | None = None
    end: date | None = None
    facilitators: tuple[str, ...] = ()
    selection: str = ""  # a programme report: what was selected, in words
    min_group: int = 5  # groups smaller than this are suppressed everywhere


def summary(scored: Scored, cycles: Sequence[str], course: Course | None = None,
            context: ReportContext | None = None,
            groups: Mapping[str, Mapping[str, str]] | None = None) -> dict:
    """The statistics of every scored cycle (the last one's also at the top level), the
    retention between cycles, the cells left out, and the report's context."""
    context = context or ReportContext(title=course.title if course else "")
    per_cycle = {}
    for cycle in cycles:
        pre, post = scored.forms.get((cycle, "pre")), scored.forms.get((cycle, "post"))
        if pre or post:
            per_cycle[cycle] = _cycle(pre, post, course, context, groups or {})
    last = list(per_cycle)[-1]
    return {
        **per_cycle[last],
        "context": _context(context, course),
        "cycles": per_cycle,
        "retention": _retention(scored, list(per_cycle)),
        "excluded": [{"path": p.path, "row": p.line, "column": p.field, "reason": p.message}
                     for p in scored.problems],
    }


def _context(context: ReportContext, course: Course | None) -> dict:
    return {"title": context.title, "place": context.place,
            "start": context.start.isoformat() if context.start else None,
            "end": context.end.isoformat() if context.end else None,
            "facilitators": list(context.facilitators), "selection": context.selection,
            "language": course.language if course else None, "min_group": context.min_group}


def _cycle(pre: ScoredForm | None, post: ScoredForm | None, course: Course | None,
           context: ReportContext, groups: Mapping[str, Mapping[str, str]]) -> dict:
    data = {**summarize_cycle(pre, post), "matching": _matching(pre, post)}
    data.update(change=None, modules=[], objective_changes=[], groups={},
                participants_withheld=0)
    if pre is None or post is None:
        return data
    codes, a, b = matched_percents(pre, post)
    data["change"] = change_summary(a, b)
    module_of = ({o.id: m.id for m in course.modules for o in m.objectives} if course
                 else {o: o for o in (*pre.objectives, *post.objectives)})
    data["modules"] = [{"module": r.pop("unit"), **r}
                       for r in unit_changes(pre, post, codes, module_of)]
    data["objective_changes"] = [
        {"objective": r["unit"], "module": module_of.get(r["unit"]),
         **{k: r[k] for k in ("pre", "post", "change")}}
        for r in unit_changes(pre, post, codes, {o: o for o in module_of})]
    data["groups"] = breakdown(codes, a, b, groups, context.min_group)
    hidden = hidden_codes(codes, groups, data["groups"])
    data["participants"] = [p for p in data["participants"] if p["code"] not in hidden]
    data["participants_withheld"] = len(hidden)
    return data


def _matching(pre: ScoredForm | None, post: ScoredForm | None) -> dict:
    pre_codes = set(pre.scores) if pre else set()
    post_codes = set(post.scores) if post else set()
    everyone = pre_codes | post_codes
    matched = pre_codes & post_codes
    return {"pre_n": len(pre_codes), "post_n": len(post_codes), "matched": len(matched),
            "match_rate": round(len(matched) / len(everyone), 4) if everyone else None,
            "unmatched_pre": sorted(pre_codes - post_codes),
            "unmatched_post": sorted(post_codes - pre_codes)}


def _retention(scored: Scored, cycles: list[str]) -> list[dict]:
    pairs = []
    for first, then in zip(cycles, cycles[1:], strict=False):
        forms = (scored.forms.get((first, "pre")), scored.forms.get((first, "post")),
                 scored.forms.get((then, "pre")))
        if all(forms):
            pairs.append({"from": first, "to": then, **retention(*forms)})
    return pairs
