"""The what-if panel: a round of the region re-scored under the framework being edited (jixiao.whatif)."""
from __future__ import annotations

import time

from jixiao.loaders.facts_build import build_facts
from jixiao.loaders.problems import InputError
from jixiao.model.framework import Framework
from jixiao.model.quantity import format_count
from jixiao.web.rounds import scoring
from jixiao.web.rounds.context import round_framework
from jixiao.web.rounds.models import Round, Submission
from jixiao.whatif.compare import what_if

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


def run_what_if(round_: Round, new: Framework) -> dict:
    """What the panel shows: the round's submitted and approved units (all units when none is) under both frameworks."""
    old = round_framework(round_)
    submissions = list(round_.submissions.filter(state__in=SCORED_STATES).select_related("unit").order_by("unit__name"))
    if not submissions:
        submissions = list(round_.submissions.select_related("unit").order_by("unit__name"))
    facts, new_facts, skipped, empty = [], [], [], 0
    rebuild = _leaf_paths(old) != _leaf_paths(new)  # rows renamed or moved: read each unit's data against the new tree too
    for submission in submissions:
        if not any(submission.facts.get(key) for key in ("figures", "rows", "slots")):
            empty += 1  # a draft nobody has filled in: its 0 would only drag the distribution down
            continue
        try:
            built = build_facts(submission.facts, scoring.locate, old)
            rebuilt = build_facts(for_new_tree(submission.facts, new), scoring.locate, new) if rebuild else built
        except InputError:
            skipped.append(submission.unit.name)
            continue
        facts.append(built)
        new_facts.append(rebuilt)
    start = time.perf_counter()
    result = what_if(old, new, facts, new_facts=new_facts if rebuild else None)
    elapsed = time.perf_counter() - start
    mean_old, mean_new = result.mean(False), result.mean(True)
    return {
        "result": result, "moves": result.largest_moves(SHOWN_MOVES), "grades": result.grade_distribution(), "bands": result.band_distribution(),
        "mean_old": format_count(round(mean_old, 2)) if mean_old is not None else "", "mean_new": format_count(round(mean_new, 2)) if mean_new is not None else "",
        "skipped": skipped, "empty": empty, "old_name": old.name, "elapsed_ms": round(elapsed * 1000), "rebuilt": rebuild,
        "scope": "已提交、已审核的填报" if round_.submissions.filter(state__in=SCORED_STATES).exists() else "全部填报（本批次尚无已提交的填报）",
    }
