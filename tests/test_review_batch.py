"""Scoring many departments at once (evaluate_and_check_all) pauses the cycle collector: sound only because
scoring makes no reference cycles — proved here on every kind of department the checks' tests use."""
import gc

from checks import varied
from checks.test_checks import CASES

from jixiao.review import evaluate_and_check, evaluate_and_check_all


def _departments():
    yield from varied.files()  # the examples and the ingested reports
    yield from varied.cases(CASES)  # each check's firing and quiet inputs
    yield from varied.generated(150)  # shenzhen-2019 with slips put in
    yield from varied.jiangxi(30)  # slots, targets, met


def _read_everything(result) -> None:
    """What any output reads: the lazy 评分依据, figures' texts, the JSON form, findings."""
    for row in result.rows:
        assert row.basis is not None
    result.as_dict()
    for finding in result.findings:
        finding.as_dict()


def test_scoring_makes_no_reference_cycles():
    pairs = list(_departments())
    assert len(pairs) > 150
    for framework, facts in pairs:  # once first: plugins' entry points and per-framework plans are loaded once per process
        _read_everything(evaluate_and_check(framework, facts))
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        results = [evaluate_and_check(framework, facts) for framework, facts in pairs]
        for result in results:
            _read_everything(result)
        del results
        unreachable = gc.collect()  # objects only the cycle collector could free: there must be none
    finally:
        if enabled:
            gc.enable()
    assert unreachable == 0


def test_the_batch_equals_one_by_one_and_restores_the_collector():
    pairs = list(varied.generated(40))
    framework = pairs[0][0]
    many = [facts for _framework, facts in pairs]
    assert gc.isenabled()
    batch = evaluate_and_check_all(framework, many)
    assert gc.isenabled()  # on again afterwards
    one_by_one = [evaluate_and_check(framework, facts) for facts in many]
    assert [r.as_dict() for r in batch] == [r.as_dict() for r in one_by_one]
    gc.disable()
    try:
        evaluate_and_check_all(framework, many[:2])
        assert not gc.isenabled()  # a caller's own choice to keep it off is kept
    finally:
        gc.enable()


def test_the_batch_results_go_to_the_oldest_generation_and_a_callers_frozen_objects_stay_frozen():
    # Switched on again, the collector would walk every object the batch made before finding them alive
    # (a quarter of a 10,000-project batch's time, bench/projects.py): they are moved to the oldest generation instead.
    pairs = list(varied.generated(20))
    framework, many = pairs[0][0], [facts for _framework, facts in pairs]
    gc.collect()
    batch = evaluate_and_check_all(framework, many)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert any(obj is batch[-1] for obj in gc.get_objects(generation=2))
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        evaluate_and_check_all(framework, many[:2])
        # a caller's freeze (a pre-forking server's) is left as it was: not undone (0) and nothing added to it; a
        # frozen object may still be freed meanwhile (a cache dropping an entry), so the count may only go down
        assert 0 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()
