"""The CLI's project self-evaluation parts (jixiao.projects): documents, the 项目自评汇总表, the 目标表 template.

`evaluate`, `check`, `template` and `summary` call these when given project facts or a project framework.
"""
from __future__ import annotations

from pathlib import Path

from jixiao.loaders.problems import InputError, Problem
from jixiao.model.result import Where


def project_files(paths: list[Path]) -> list[Path]:
    """The project facts among the paths, a folder standing for the YAML files in it (its 目标表 left out)."""
    from jixiao.loaders.yaml_source import load_yaml
    from jixiao.projects.load import is_project_mapping

    found = []
    for path in paths:
        candidates = sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml")) if path.is_dir() else [path]
        for candidate in candidates:
            if candidate.suffix.lower() in (".yaml", ".yml") and is_project_mapping(load_yaml(candidate)):
                found.append(candidate)
    return found


def review_projects(paths: list[Path]):
    """Each project evaluated and checked; every file's problems together (InputError), nothing half-done."""
    from jixiao.render.project_xlsx import ProjectResult
    from jixiao.review import review_file

    results, problems = [], []
    for path in paths:
        try:
            facts, framework, evaluation = review_file(path)
        except InputError as error:
            problems.extend(error.problems)
            continue
        problems.extend(Problem(f.where, f"{'/'.join(f.path)}：{f.message}" if f.path else f.message) for f in evaluation.findings if f.blocking)
        results.append(ProjectResult(framework, facts, evaluation))
    if problems:
        raise InputError(problems)
    return results


def project_workbook_name(result) -> str:
    return f"{result.facts.project.project}-项目支出绩效自评表.xlsx"


def write_project_documents(out: Path, results) -> list[Path]:
    from jixiao.render.atomic import write_all
    from jixiao.render.project_xlsx import save_projects

    targets = {out / project_workbook_name(r): (lambda r: lambda path: save_projects(path, [r]))(r) for r in results}
    write_all(targets)
    return list(targets)


def write_project_summary(output: Path, results, title: str | None) -> None:
    from jixiao.render.atomic import write_all
    from jixiao.render.project_xlsx import save_projects

    if not results:
        raise InputError([Problem(Where(str(output)), "没有找到项目自评数据文件")])
    write_all({output: lambda path: save_projects(path, results, title, summary=True)})


def write_targets_template(framework, output: Path, targets: Path | None = None) -> None:
    from jixiao.projects.load import load_targets
    from jixiao.projects.targets_xlsx import write_targets_xlsx
    from jixiao.render.atomic import write_all

    table = load_targets(targets, framework) if targets is not None else None
    write_all({output: lambda path: write_targets_xlsx(path, table, framework)})


def write_prefilled_projects(framework, targets: Path | None, monitoring: Path, out: Path) -> list[Path]:
    """One project facts file (YAML) per project of the 目标表, its 实际完成值 and funds starting from the monitoring
    period's forecast (jixiao.projects.monitored.prefill), each value's 评分依据 saying where it came from."""
    import os

    import yaml

    from jixiao.monitoring.loader import load_monitoring
    from jixiao.projects.load import load_targets
    from jixiao.projects.monitored import monitored_projects, prefill
    from jixiao.render.atomic import write_all

    if framework.project is None:
        raise InputError([Problem(Where(field="--monitoring"), f"指标体系“{framework.name}”不是项目支出绩效自评体系：--monitoring 只用于项目自评")])
    if targets is None:
        raise InputError([Problem(Where(field="--targets"), "--monitoring 需要同时用 --targets 给出绩效目标表")])
    if out.suffix:
        raise InputError([Problem(Where(str(out)), "与 --monitoring 同用时 -o 应为目录（每个项目写出一个 .yaml）")])
    table = load_targets(targets, framework)
    period, _thresholds = load_monitoring(monitoring)
    if period.year != table.year:
        raise InputError([Problem(Where(str(monitoring)), f"监控数据的年度 {period.year} 与绩效目标表的年度 {table.year} 不同")])
    monitored = monitored_projects(period, monitoring.name)
    missing = [p.project for p in table.projects if p.project not in monitored]
    if missing:
        raise InputError([Problem(Where(str(monitoring)), f"监控数据中没有项目“{name}”，无法预填其年底自评") for name in missing])
    def relative(path: Path) -> str:
        """The path as the facts file will find it (beside it): relative when they share a folder, else absolute."""
        here, there = out.resolve(), path.resolve()
        return os.path.relpath(there, here) if os.path.commonpath([here, there]) != here.anchor else str(there)

    writers = {}
    for planned in table.projects:
        start = prefill(planned, monitored[planned.project])
        raw = {
            "project": planned.project, "department": planned.department, "implementer": planned.implementer, "year": table.year,
            "framework": framework.id, "targets": relative(targets), "monitoring": relative(monitoring), "unit": "万元",
            "funds": {line: {k: _number(v) for k, v in values.items() if v} for line, values in start["funds"].items()} or {"年度资金总额": {}},
            **start["texts"],
            "indicators": [{"name": i.name, **start["indicators"].get(i.name, {})} for i in planned.indicators],
        }
        header = [f"# {planned.project} 年底项目支出绩效自评：起点取自 {monitoring.name}（{monitored[planned.project].period}监控）。",
                  "# 实际完成值为监控时的全年预计完成情况（未填预计的取 1–N月执行情况），请逐项按年底实际改写；", *(f"# {n}。" for n in start["notes"])]
        text = "\n".join(header) + "\n" + yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=200)
        writers[out / f"{planned.project}.yaml"] = (lambda text: lambda path: path.write_text(text, encoding="utf-8"))(text)
    write_all(writers)
    return list(writers)


def _number(text: str) -> int | str:
    """An amount for the YAML file: a whole number as a number, any other as its exact text (never a float)."""
    return int(text) if text.isdigit() else text


def review_with_projects(path: Path, folder: Path, framework_reference: str | None = None):
    """A department's facts evaluated with the figures its projects give (jixiao.projects.links)."""
    from jixiao.loaders.facts import load_facts
    from jixiao.loaders.frameworks import load_framework
    from jixiao.projects.links import department_figures, with_project_figures
    from jixiao.review import evaluate_and_check

    if not folder.is_dir():
        raise InputError([Problem(Where(str(folder)), "--projects 应为存放项目自评数据文件的目录")])
    results = review_projects(project_files([folder]))
    table = None
    for candidate in sorted(folder.glob("*.y*ml")):
        from jixiao.loaders.yaml_source import load_yaml
        from jixiao.projects.load import is_targets_mapping, load_targets

        if is_targets_mapping(load_yaml(candidate)):
            table = load_targets(candidate)
            break
    chosen = load_framework(framework_reference) if framework_reference else None
    facts, framework = load_facts(path, chosen)
    figures = department_figures(((r.facts, r.evaluation) for r in results), table)
    facts = with_project_figures(framework, facts, figures, str(folder))
    return facts, framework, evaluate_and_check(framework, facts), figures
