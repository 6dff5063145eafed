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
