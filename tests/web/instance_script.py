"""Run in a child process against one instance (JIXIAO_DATA_DIR / JIXIAO_DATABASE_URL from the environment):
  fill      — the demo region with a worked round: saves, evidence, submit, review scores, approve, 报送, a login
  snapshot  — every round (as round export records it), every history entry and every evidence file's hash, as JSON
Used by test_ops.py to compare two instances after backup/restore and round export/import.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def fill() -> None:
    from django.contrib.auth import get_user_model

    from jixiao.web.orgs.demo import seed_demo
    from jixiao.web.rounds import evidence as store
    from jixiao.web.rounds import services
    from jixiao.web.rounds.context import state_of
    from jixiao.web.rounds.models import Evidence, HistoryEntry, ReviewScore, Round

    seed_demo()
    users = {u.username: u for u in get_user_model().objects.all()}
    round_ = Round.objects.get()
    school = round_.submissions.get(unit__name="演示市第一中学")
    school = services.save_fields(school, users["dw4"], {
        # The example's two checked slips corrected (as tests/web/dapeng.py does), so it can be submitted.
        "figures|满意度": "97.5%", "figures|总资产": "9899.86", "figures|三公经费控制率": "", "figures|日常公用经费控制率": "", "figures|预算执行率": "",
    }, school.version)
    for index, content in enumerate((b"%PDF-1.4\n% one\n", b"%PDF-1.4\n% two\n")):
        digest = store.store(content)
        Evidence.objects.create(submission=school, path="部门决策/预算编制/预算编制合理性" if index else "", original_name=f"材料{index}.pdf", sha256=digest, size=len(content), content_type="application/pdf", uploaded_by=users["dw4"])
    framework = state_of(school).framework
    for finding in state_of(school).scored.unexplained_warnings(school.explanations):
        from jixiao.web.rounds.scoring import finding_key

        school = services.explain(school, users["dw4"], finding_key(finding), "已核实")
    school = services.submit(school, users["dw4"], framework)
    row = state_of(school).evaluation.rows[0]
    services.set_review_score(school, users["zgbm2"], ReviewScore.DEPARTMENT, "/".join(row.path), "0", "材料不足", framework)
    services.approve(school, users["zgbm2"], "同意")
    services.log(users["czj"], HistoryEntry.LOGIN)


def snapshot() -> dict:
    from jixiao.web.rounds import evidence as store
    from jixiao.web.rounds.models import Evidence, HistoryEntry, Round
    from jixiao.web.rounds.transfer import round_record

    return {
        "rounds": [round_record(r) for r in Round.objects.order_by("title")],
        "history": [
            [h.at.isoformat(), h.user.username if h.user else None, h.action, h.round.title if h.round else None, h.submission.unit.name if h.submission else None,
             h.organisation.name if h.organisation else None, h.field, h.old, h.new, h.comment, h.version]
            for h in HistoryEntry.objects.select_related("user", "round", "submission__unit", "organisation").order_by("at", "id")
        ],
        "evidence": sorted((e.sha256, hashlib.sha256(store.read(e.sha256)).hexdigest()) for e in Evidence.objects.all()),
    }


if __name__ == "__main__":
    setup()
    if sys.argv[1] == "fill":
        fill()
    else:
        print(json.dumps(snapshot(), ensure_ascii=False, sort_keys=True))
