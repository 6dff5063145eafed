"""Rule parameters as the editor's form fields, and back: each kind's fields with Chinese labels.

A kind listed here is edited field by field; any other kind (quarterly, sum_of_parts, a plugin's) by its
parameters as YAML text, read with the loaders' safe YAML reader. A specification that the fields cannot
say exactly (a key they do not cover) is shown as YAML too, so editing never drops a parameter.
Lists are one item a line: tiers as “≥90% 1” (a last line “其他 0” for the fallback), criteria as “要点 1”.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from jixiao.authoring.raw import dump_yaml

_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
FALLBACK_WORDS = ("其他", "否则", "其余")


@dataclass(frozen=True)
class ParamField:
    name: str
    label: str
    widget: str = "text"  # text | figure | percent_figure | lines | select
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False


FORMS: dict[str, tuple[ParamField, ...]] = {
    "judgement": (),
    "ratio": (ParamField("figure", "比率数据项", "percent_figure", required=True), ParamField("zero_above", "超过此比率得 0 分（可空，如 100%）"), ParamField("cap", "比率封顶（可空，默认 100%）")),
    "tiers": (ParamField("figure", "数据项", "figure", required=True), ParamField("tiers", "分档：每行“条件 得分”，如“≥90% 5”；最后一行可写“其他 0”", "lines", required=True)),
    "checklist": (ParamField("criteria", "评分要点：每行“要点 分值”，分值合计应等于本指标分值", "lines", required=True),),
    "target": (ParamField("target", "目标值（可空：由单位填写年度指标值）"), ParamField("mode", "未达到目标时", "select", (("", "按完成比例得分"), ("all_or_nothing", "不得分")))),
    "deduction": (ParamField("per_item", "每发现一项扣（分）", required=True),),
    "bonus": (ParamField("per_item", "每项加分或减分（分）", required=True), ParamField("cap", "加分、减分各自的上限（可空，默认为分值）")),
    "completion": (ParamField("done", "已完成数", "figure", required=True), ParamField("planned", "计划数", "figure", required=True)),
    "over_limit": (ParamField("figure", "比率数据项", "percent_figure", required=True), ParamField("limit", "限额（如 10%）", required=True), ParamField("per_point", "每超过 1 个百分点扣（分）", required=True)),
    "not_applicable": (ParamField("reason", "不适用的原因"),),
}


class ParamError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def _number(text: str) -> Decimal | str:
    text = text.strip()
    if _NUMBER.fullmatch(text):
        try:
            return Decimal(text)
        except InvalidOperation:
            pass
    return text


def _text(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return "" if value is None else str(value)


def _tiers_text(tiers: list) -> str | None:
    lines = []
    for tier in tiers:
        if not isinstance(tier, dict) or set(tier) - {"when", "score"}:
            return None
        when = tier.get("when")
        lines.append(f"{when if when is not None else '其他'} {_text(tier.get('score'))}")
    return "\n".join(lines)


def _criteria_text(criteria: list) -> str | None:
    lines = []
    for item in criteria:
        if not isinstance(item, dict) or set(item) != {"name", "points"} or "\n" in str(item["name"]):
            return None
        lines.append(f"{item['name']} {_text(item['points'])}")
    return "\n".join(lines)


def spec_values(spec: dict) -> tuple[dict[str, str], str]:
    """(field values, "") when the kind's fields say the spec exactly; else ({}, the parameters as YAML)."""
    kind = spec.get("kind")
    params = {k: v for k, v in spec.items() if k != "kind"}
    form = FORMS.get(kind)  # type: ignore[arg-type]
    if form is not None and set(params) <= {f.name for f in form}:
        values: dict[str, str] = {}
        for field in form:
            value = params.get(field.name)
            if field.widget == "lines":
                text = (_tiers_text if field.name == "tiers" else _criteria_text)(value or [])
                if text is None:
                    break
                values[field.name] = text
            elif isinstance(value, (dict, list)):
                break
            else:
                values[field.name] = _text(value)
        else:
            if spec_from_values(kind, values) == _normal(spec):  # type: ignore[arg-type]
                return values, ""
    return {}, dump_yaml(params) if params else ""


def _normal(spec: dict) -> dict:
    """A spec as spec_from_values writes it: numbers as Decimal, no empty optional values."""
    def norm(value):
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items()}
        if isinstance(value, list):
            return [norm(v) for v in value]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return Decimal(str(value))
        if isinstance(value, str):
            return _number(value)
        return value

    return norm(spec)


def spec_from_values(kind: str, values: dict[str, str], yaml_text: str = "") -> dict[str, Any]:
    """The rule specification from the form (ParamError naming the field for what cannot be read)."""
    form = FORMS.get(kind)
    if form is None or yaml_text.strip():
        return {"kind": kind, **_yaml_params(yaml_text)}
    spec: dict[str, Any] = {"kind": kind}
    for field in form:
        text = (values.get(field.name) or "").strip()
        if not text:
            if field.required:
                raise ParamError(field.name, f"请填写“{field.label.split('：')[0].split('（')[0]}”")
            continue
        if field.widget == "lines":
            spec[field.name] = _tiers(text, field.name) if field.name == "tiers" else _criteria(text, field.name)
        else:
            spec[field.name] = _number(text) if field.widget in ("text",) else text
    return spec


def _split_last(line: str, field: str, example: str) -> tuple[str, Decimal]:
    head, _, tail = line.strip().rpartition(" ")
    value = _number(tail)
    if not head.strip() or not isinstance(value, Decimal):
        raise ParamError(field, f"“{line.strip()}”应写成“{example}”：前面是{'条件' if field == 'tiers' else '要点'}，最后是分值")
    return head.strip(), value


def _tiers(text: str, field: str) -> list[dict]:
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        when, score = _split_last(line.replace("　", " "), field, "≥90% 5")
        out.append({"score": score} if when in FALLBACK_WORDS else {"when": when, "score": score})
    return out


def _criteria(text: str, field: str) -> list[dict]:
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, points = _split_last(line.replace("　", " "), field, "制度健全 1")
        out.append({"name": name, "points": points})
    return out


def _yaml_params(text: str) -> dict[str, Any]:
    if not text.strip():
        return {}
    from jixiao.loaders.yaml_source import _Loader  # the loaders' safe reader: Decimal numbers, no aliases

    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError:
        raise ParamError("yaml", "参数无法读取：应写成“名称: 值”一行一项") from None
    if not isinstance(data, dict) or "kind" in data:
        raise ParamError("yaml", "参数应为“名称: 值”的若干行（不写 kind）")
    from jixiao.rules import plain_spec

    return plain_spec(data)
