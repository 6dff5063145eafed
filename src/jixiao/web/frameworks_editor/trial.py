"""The what-if panel: a round of the region re-scored under the framework being edited (jixiao.whatif).

Reading 5,000 units' data and scoring them under the round's own framework takes seconds; the result (the
facts and the row-by-row baseline) is kept for the round while none of its submissions changes, so trying
one edit after another costs only the re-scoring (a few hundredths of a second for 5,000 units).
"""
from __future__ import annotations

import functools
import time
from dataclasses import dataclass

from django.db.models import Count, Max, Sum

from jixiao.loaders.facts_build import build_facts
from jixiao.loaders.problems import InputError
from jixiao.model.facts import Facts
from jixiao.model.framework import Framework
from jixiao.model.quantity import format_count
from jixiao.web.rounds import scoring
from jixiao.web.rounds.context import round_framework
from jixiao.web.rounds.models import Round, Submission
from jixiao.whatif.compare import Baseline, score_baseline, what_if

SCORED_STATES = (Submission.SUBMITTED, Submission.APPROVED)
SHOWN_MOVES = 10


def past_rounds(region) -> list[Round]:
    """The region's rounds, newest first: any of them can be tried (a round still open too)."""
    return list(Round.objects.filter(region=region).order_by("-year", "-id"))


def _leaf_paths(framework: Framework) -> set[tuple[str, ...]]:
    return {path for path, node in framework.walk() if not node.children}


def for_new_tree(raw: dict, new: Framework) -> dict:
    """A unit's data for a tree whose rows were renamed or moved: each row's entry under the new row of the same
    path, or else of the same name (moved elsewhere); entries for rows the new tree lacks are left out."""
    out = dict(raw)
    for section, slots in (("rows", False), ("slots", True)):
        entries = raw.get(section) or {}
        kept = {}
        for key, value in (entries.items() if isinstance(entries, dict) else ()):
            matches = new.resolve(str(key), slots=slots) or new.resolve(str(key).split("/")[-1], slots=slots)
            if len(matches) == 1:
                kept["/".join(matches[0][0])] = value
        out[section] = kept
    return out


@dataclass(frozen=True)
class RoundData:
    old: Framework
    raws: tuple[dict, ...]
    facts: tuple[Facts, ...]
    baseline: Baseline
    skipped: tuple[str, ...]
    empty: int
    scope: str


def _stamp(round_: Round) -> tuple:
    """What the round's data depends on: a submission saved, added or removed gives a new stamp."""
    seen = round_.submissions.aggregate(latest=Max("updated"), count=Count("id"), versions=Sum("version"))
    return (round_.pk, seen["latest"], seen["count"], seen["versions"], round_.framework_id, round_.framework_filename)


@functools.lru_cache(maxsize=2)  # a cache (a round's data while it is unchanged), keyed by its stamp: not state
def _round_data(stamp: tuple) -> RoundData:
    round_ = Round.objects.get(pk=stamp[0])
    old = round_framework(round_)
    scored = round_.submissions.filter(state__in=SCORED_STATES).exists()
    submissions = round_.submissions.filter(state__in=SCORED_STATES) if scored else round_.submissions.all()
    raws, facts, skipped, empty = [], [], [], 0
    for name, raw in submissions.order_by("unit__name").values_list("unit__name", "facts"):
        if not any(raw.get(key) for key in ("figures", "rows", "slots")):
            empty += 1  # a draft nobody has filled in: its 0 would only drag the distribution down
            continue
        try:
            facts.append(build_facts(raw, scoring.locate, old))
        except InputError:
            skipped.append(name)
            continue
        raws.append(raw)
    scope = "已提交、已审核的填报" if scored else "已填写的全部填报，本批次尚无已提交的"
    return RoundData(old, tuple(raws), tuple(facts), score_baseline(old, facts), tuple(skipped), empty, scope)


def run_what_if(round_: Round, new: Framework) -> dict:
    """What the panel shows: the round's submitted and approved units (all filled-in units when none is) under both frameworks."""
    data = _round_data(_stamp(round_))
    start = time.perf_counter()
    rebuild = _leaf_paths(data.old) != _leaf_paths(new)  # rows renamed or moved: read each unit's data against the new tree too
    new_facts, skipped = None, list(data.skipped)
    facts = list(data.facts)
    if rebuild:
        new_facts, kept = [], []
        for raw, built in zip(data.raws, data.facts):
            try:
                new_facts.append(build_facts(for_new_tree(raw, new), scoring.locate, new))
                kept.append(built)
            except InputError:
                skipped.append(built.department)
        facts = kept
    baseline = data.baseline if len(facts) == len(data.facts) else None
    result = what_if(data.old, new, facts, baseline=baseline, new_facts=new_facts)
    elapsed = time.perf_counter() - start
    mean_old, mean_new = result.mean(False), result.mean(True)
    return {
        "result": result, "moves": result.largest_moves(SHOWN_MOVES), "grades": result.grade_distribution(), "bands": result.band_distribution(),
        "mean_old": format_count(round(mean_old, 2)) if mean_old is not None else "", "mean_new": format_count(round(mean_new, 2)) if mean_new is not None else "",
        "skipped": skipped, "empty": data.empty, "old_name": data.old.name, "elapsed_ms": round(elapsed * 1000), "rebuilt": rebuild, "scope": data.scope,
    }
