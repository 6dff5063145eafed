"""Write what was read: a facts YAML (and the report's own framework when none matched), and
for a folder of reports a 汇总表 of what was read and a list of what could not be."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml

from jixiao.ingest.report import IngestedReport, to_facts
from jixiao.loaders.problems import InputError, Problem
from jixiao.model.result import Where
from jixiao.model.framework import PATH_SEPARATOR, Framework, Node, addressable_name


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True  # jixiao's loader refuses anchors and aliases


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return dumper.represent_scalar("tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int", text)


_Dumper.add_representer(Decimal, _decimal)


def dump_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)


def framework_as_dict(framework: Framework) -> dict:
    def node(item: Node) -> dict:
        out: dict = {"name": addressable_name(item.name), "weight": item.weight}
        if item.bonus:
            out["bonus"] = True
        if item.explanation:
            out["explanation"] = item.explanation
        if item.children:
            out["children"] = [node(child) for child in item.children]
        else:
            out["rule"] = {"kind": item.rule.kind if item.rule else "judgement"}
        return out

    return {"id": framework.id, "name": framework.name, "total": framework.total, "source": framework.source, "indicators": [node(n) for n in framework.nodes]}


def facts_documents(report: IngestedReport, facts_path: Path) -> dict[Path, str]:
    """The text of the facts file, and of the framework file beside it when the report's own table is the framework."""
    if report.project is not None:  # a 项目支出绩效自评表: project facts (docs/projects.md)
        return project_documents(report, facts_path)
    if not report.rows and report.stated_total is None:  # nothing to score: a facts file would hold an empty framework
        raise InputError([Problem(Where(report.source), "报告中没有读出评分表，也没有读出自评总分，无法形成部门数据（读出的内容见 jixiao ingest 的输出）")])
    raw, framework, _places = to_facts(report)
    _addressable_keys(raw, framework)
    header = f"# 由 jixiao ingest 读取自 {report.source}；未能确定的数值未填写，见 notes。\n"
    notes = [f"{message}（{where.describe()}）" if where else message for message, where in report.notes]
    out = {}
    if report.framework_id is None:
        framework_path = facts_path.with_name(facts_path.stem + ".framework.yaml")
        out[framework_path] = "# 报告自带的评分表，作为指标体系（每行按报告所列得分评定）\n" + dump_yaml(framework_as_dict(framework))
        raw["framework"] = framework_path.name
    body = dump_yaml(raw)
    if notes:
        body += "# notes:\n" + "".join(f"#   - {note}\n" for note in notes)
    out[facts_path] = header + body
    return out


def _addressable_keys(raw: dict, framework: Framework) -> None:
    """Row and slot keys as the written framework names them: a "/" inside a name read from a
    report (支出合规/安全性) becomes "／", so that the facts file addresses the row it means."""
    written = {PATH_SEPARATOR.join(path): PATH_SEPARATOR.join(addressable_name(n) for n in path) for path, _node in framework.walk()}
    for section in ("rows", "slots"):
        if section in raw:
            raw[section] = {written.get(key, key): value for key, value in raw[section].items()}


def project_documents(report, facts_path: Path) -> dict[Path, str]:
    from jixiao.ingest.project_facts import project_facts

    raw, _framework, _places, written = project_facts(report)
    out: dict[Path, str] = {}
    if written is not None:
        framework_path = facts_path.with_name(facts_path.stem + ".framework.yaml")
        out[framework_path] = "# 据已发布的项目自评表读取的指标体系：national-2020-project，一级指标分值按表中读出的\n" + dump_yaml(written)
        raw["framework"] = framework_path.name
    header = f"# 由 jixiao ingest 读取自 {report.source}（项目支出绩效自评表）；未能确定的数值未填写，见 notes。\n"
    body = dump_yaml(raw)
    notes = [f"{message}（{where.describe()}）" if where else message for message, where in report.notes]
    if notes:
        body += "# notes:\n" + "".join(f"#   - {note}\n" for note in notes)
    out[facts_path] = header + body
    return out
