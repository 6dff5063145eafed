"""The demo round's projects: dw1's unit gets the two projects of examples/projects/目标表.yaml, monitored in the round's
year (web/monitoring/demo.py). The first is filled from its example — its 项目完工时间 falls short of the monitoring's
确定能, so the check project-forecast-contradicted shows; the second starts from the monitoring's forecasts."""
from __future__ import annotations

from pathlib import Path

PROJECTS = Path(__file__).resolve().parents[4] / "examples" / "projects"  # beside the demo's other examples


def seed_projects(round_, fillers: dict) -> None:
    table_path = PROJECTS / "目标表.yaml"
    unit = fillers.get("dw1")
    if unit is None or not table_path.is_file():
        return  # an installed package without the examples: no demo projects
    from jixiao.loaders.yaml_source import load_yaml
    from jixiao.projects.load import load_targets
    from jixiao.web.monitoring.demo import seed_project_monitoring
    from jixiao.web.monitoring.services import last_monitored
    from jixiao.web.projects import services
    from jixiao.web.projects.models import ProjectSubmission

    seed_project_monitoring(round_.region, unit, round_.year)
    monitored = last_monitored(unit, round_.year)
    for index, targets in enumerate(load_targets(table_path).projects):
        stored = services.targets_json(targets)
        facts = services.initial_facts(stored, monitored.get(targets.project))
        example = PROJECTS / f"{targets.project}.yaml"
        if index == 0 and example.is_file():
            facts = _facts_of(load_yaml(example))
        submission, _ = ProjectSubmission.objects.get_or_create(round=round_, unit=unit, project=targets.project, defaults={"targets": stored, "facts": facts})
        services.rescored(submission)
        submission.save()


def _facts_of(raw: dict) -> dict:
    """An example project file as the page stores what was typed (text)."""
    text = lambda value: "" if value is None else str(value)  # noqa: E731
    funds = {line: {key: text(value) for key, value in values.items()} for line, values in (raw.get("funds") or {}).items()}
    indicators = {row["name"]: {key: text(row.get(key)) for key in services_fields()} for row in raw.get("indicators") or []}
    facts = {"funds": funds, "indicators": indicators}
    for key in ("execution_reason", "adjustment", "goal_achieved", "conclusion", "problems", "improvements"):
        if raw.get(key):
            facts[key] = str(raw[key])
    return facts


def services_fields() -> tuple[str, ...]:
    from jixiao.web.projects.services import INDICATOR_FIELDS

    return INDICATOR_FIELDS
