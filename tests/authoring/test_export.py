"""`jixiao frameworks export`: export → load is the identity, on every built-in and on generated frameworks;
an xlsx whose tree is broken is refused with its cells named."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from jixiao.authoring.export import export_framework, framework_signature
from jixiao.authoring.raw import ExportError, dump_yaml
from jixiao.cli.main import app
from jixiao.loaders.framework_build import build_framework
from jixiao.loaders.frameworks import builtin_ids, common_catalogue, load_framework, load_framework_file
from jixiao.loaders.problems import InputError
from jixiao.model.result import Where
from jixiao.rules import default_registry


def round_trip(framework, folder: Path, suffix: str):
    path = folder / f"导出{suffix}"
    export_framework(framework, path, common_catalogue())
    return load_framework_file(path)


@pytest.mark.parametrize("framework_id", builtin_ids())
@pytest.mark.parametrize("suffix", [".yaml", ".xlsx"])
def test_every_builtin_exports_and_loads_back_to_the_same_framework(framework_id, suffix, tmp_path):
    original = load_framework(framework_id)
    again = round_trip(original, tmp_path, suffix)
    assert framework_signature(again) == framework_signature(original)
    # and exporting the loaded copy writes the same file again (a fixed point)
    assert framework_signature(round_trip(again, tmp_path / "2", suffix)) == framework_signature(original)


def test_signature_sees_a_changed_weight(tmp_path):
    # the identity test is only worth something if the signature can tell frameworks apart
    path = tmp_path / "a.yaml"
    export_framework(load_framework("shenzhen-2019"), path, common_catalogue())
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("kind: tiers\n", "kind: tiers\n", 1).replace("score: 0.7", "score: 0.6", 1), encoding="utf-8")
    assert framework_signature(load_framework_file(path)) != framework_signature(load_framework("shenzhen-2019"))


def test_cli_export_writes_xlsx_that_loads(tmp_path):
    out = tmp_path / "指标体系.xlsx"
    result = CliRunner().invoke(app, ["frameworks", "export", "guangzhou-2021", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "已写出" in result.output
    sheet = load_workbook(out)["指标体系"]
    assert [c.value for c in sheet[1]][:6] == ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值"]
    assert framework_signature(load_framework_file(out)) == framework_signature(load_framework("guangzhou-2021"))


def test_cli_export_refuses_unknown_suffix_and_framework(tmp_path):
    result = CliRunner().invoke(app, ["frameworks", "export", "shenzhen-2019", "-o", str(tmp_path / "x.txt")])
    assert result.exit_code == 2 and "不支持的文件类型" in result.output and not (tmp_path / "x.txt").exists()
    result = CliRunner().invoke(app, ["frameworks", "export", "shenzhen-2018", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and "shenzhen-2019" in result.output and "Traceback" not in result.output


# --- generated frameworks -------------------------------------------------------------------------

# Names with what could trip a writer: YAML and formula syntax, digits, quotes, full-width solidus.
NAME_CHARS = st.sampled_from(list("预算执行率资产管理绩效目标三公经费满意度项目一二三") + ["=", "+", "-", "@", ":", "{", "}", "'", '"', "#", "1", "0", "％", "／", " ", "、"])
names = st.text(NAME_CHARS, min_size=1, max_size=12).map(str.strip).filter(lambda s: bool(s) and s not in ("总分", "合计", "三级指标", "名称"))
texts = st.one_of(st.just(""), st.text(NAME_CHARS, min_size=1, max_size=20).map(str.strip), st.just("1.第一条(1分)；\n2.第二条(1分)。"))
weights = st.integers(min_value=1, max_value=4000).map(lambda n: Decimal(n) / 100)  # 0.01 .. 40.00
PERCENT_FIGURES = ["满意度", "预算执行率", "一季度支出进度"]


@st.composite
def leaf_rule(draw, weight: Decimal) -> dict:
    kind = draw(st.sampled_from(["judgement", "ratio", "tiers", "checklist", "target", "deduction", "bonus"]))
    if kind == "ratio":
        rule = {"kind": "ratio", "figure": draw(st.sampled_from(PERCENT_FIGURES))}
        if draw(st.booleans()):
            rule["zero_above"] = draw(st.sampled_from(["100%", "95.5%", Decimal("1.2")]))
        return rule
    if kind == "tiers":
        bound = draw(st.integers(50, 99))
        return {"kind": "tiers", "figure": draw(st.sampled_from(PERCENT_FIGURES)), "tiers": [{"when": f"≥{bound}%", "score": weight}, {"score": Decimal(0)}]}
    if kind == "checklist":
        cents = int(weight * 100)
        first = draw(st.integers(0, cents))
        criteria = [{"name": draw(names), "points": Decimal(first) / 100}, {"name": "其余要点", "points": Decimal(cents - first) / 100}]
        if criteria[0]["name"] == criteria[1]["name"]:
            criteria = criteria[1:]
            criteria[0]["points"] = weight
        return {"kind": "checklist", "criteria": criteria}
    if kind == "target":
        return draw(st.sampled_from([{"kind": "target"}, {"kind": "target", "target": "≥95%"}, {"kind": "target", "mode": "all_or_nothing"}]))
    if kind in ("deduction", "bonus"):
        return {"kind": kind, "per_item": draw(st.sampled_from([Decimal("0.5"), Decimal(1), Decimal("0.25")]))}
    return {"kind": "judgement"}


@st.composite
def subtree(draw, depth: int, weight: Decimal) -> dict:
    node: dict = {"name": draw(names), "weight": weight}
    explanation, standard = draw(texts), draw(texts)
    cents = int(weight * 100)
    shape = draw(st.sampled_from(["leaf", "slot", "branch"])) if depth < 3 and cents >= 2 else draw(st.sampled_from(["leaf", "slot"])) if depth < 3 else "leaf"
    if shape == "branch":
        cut = draw(st.integers(1, cents - 1))
        children = [draw(subtree(depth + 1, Decimal(cut) / 100)), draw(subtree(depth + 1, Decimal(cents - cut) / 100))]
        if children[0]["name"] == children[1]["name"]:
            children[1]["name"] += "乙"
        node["children"] = children
        return node
    if explanation:
        node["explanation"] = explanation
    if standard:
        node["standard"] = standard
    if shape == "slot":
        node["slot"] = draw(st.sampled_from([{}, {"rule": {"kind": "judgement"}}, {"groups": ["产出指标", "效果指标"]}]))
        return node
    node["rule"] = draw(leaf_rule(weight))
    if node["rule"]["kind"] == "bonus":
        node["bonus"] = True
    return node


@st.composite
def frameworks(draw) -> dict:
    cents = draw(st.integers(2, 20000))
    cut = draw(st.integers(1, cents - 1))
    tops = [draw(subtree(1, Decimal(cut) / 100)), draw(subtree(1, Decimal(cents - cut) / 100))]
    if tops[0]["name"] == tops[1]["name"]:
        tops[1]["name"] += "乙"
    total = Decimal(cents) / 100
    raw: dict = {"id": draw(st.sampled_from(["my-city-2023", "某市_2024", "x"])), "name": draw(names), "total": total, "indicators": tops}
    if draw(st.booleans()):
        raw["grades"] = [{"grade": "好", "min": min(total, Decimal(60))}, {"grade": "差", "min": 0}] if total > 0 else None
    if draw(st.booleans()):
        raw["rounding"] = {"places": draw(st.integers(0, 4)), "mode": draw(st.sampled_from(["half_up", "half_even"]))}
    if draw(st.booleans()):
        raw["levels"] = ["一级", "二级", "三级"]
    if draw(st.booleans()):
        raw["description"] = draw(texts) or "说明"
    if draw(st.booleans()):
        raw["figures"] = {"接诉即办率": {"name": "接诉即办率", "kind": "percent", "note": "=12345 热线"}}
        raw["derived"] = {"人均公用经费": {"name": "人均公用经费", "kind": "money", "formula": "公用经费决算 / 在编人数"}}
    if raw.get("grades") is None:
        raw.pop("grades", None)
    return raw


def _build(raw: dict):
    return build_framework(raw, lambda loc: Where("generated", field=str(loc)), default_registry(), common=common_catalogue())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=frameworks(), suffix=st.sampled_from([".yaml", ".xlsx"]))
def test_generated_frameworks_export_and_load_back_identically(raw, suffix, tmp_path_factory):
    original = _build(raw)  # every generated framework is valid: a failure here is the generator's
    folder = tmp_path_factory.mktemp("export")
    again = round_trip(original, folder, suffix)
    assert framework_signature(again) == framework_signature(original)


def test_xlsx_export_refuses_a_fourth_level(tmp_path):
    raw = {"id": "deep", "name": "四级", "total": 1, "indicators": [{"name": "一", "weight": 1, "children": [{"name": "二", "weight": 1, "children": [
        {"name": "三", "weight": 1, "children": [{"name": "四", "weight": 1, "rule": {"kind": "judgement"}}]}]}]}]}
    with pytest.raises(ExportError, match="只能表示三级"):
        export_framework(_build(raw), tmp_path / "a.xlsx", common_catalogue())
    assert not (tmp_path / "a.xlsx").exists()
    assert framework_signature(round_trip(_build(raw), tmp_path, ".yaml")) == framework_signature(_build(raw))  # YAML holds any depth


# --- a broken xlsx tree, refused with its cells ---------------------------------------------------

def _sheet(rows: list[list]) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "指标体系"
    sheet.append(["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "指标说明", "评分标准", "评分规则"])
    for row in rows:
        sheet.append(row)
    return book


def test_broken_xlsx_tree_is_refused_naming_the_cells(tmp_path):
    book = _sheet([
        ["管理", 30, "预算", 20, "预算执行率", 18, None, None, "{kind: ratio, figure: 预算执行率}"],   # row 2: 预算 18+1 ≠ 20
        ["管理", 30, "预算", 20, "政府采购", 1, None, None, "{kind: rati, figure: 预算执行率}"],       # row 3: unknown kind
        ["管理", 30, "资产", 10, "资产管理", 10, None, None, None],                                      # row 4: no rule
        ["产出", 60, "数量", 60, "完成率", 60, None, None, "judgement"],                                 # 30 + 60 ≠ 100
    ])
    path = tmp_path / "坏的体系.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        load_framework_file(path)
    described = [p.describe() for p in caught.value.problems]
    text = "\n".join(described)
    assert "指标体系!C2" in text and "合计 19" in text  # the 二级 indicator's own cell, with the sum it found
    assert "指标体系!I3" in text and "未知的规则类型“rati”" in text
    assert "指标体系!E4" in text and "缺少评分规则" in text
    assert "一级指标分值合计 90" in text


def test_xlsx_weight_that_is_text_is_refused_at_its_cell(tmp_path):
    book = _sheet([["管理", 100, None, None, "预算执行率", "十分", None, None, "judgement"]])
    path = tmp_path / "a.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        load_framework_file(path)
    assert "指标体系!F2" in caught.value.problems[0].describe() and "十分" in caught.value.problems[0].describe()


def test_names_beginning_with_equals_stay_text_in_the_exported_xlsx(tmp_path):
    raw = {"id": "eq", "name": "=HYPERLINK(\"x\")", "total": 5, "indicators": [{"name": "=1+1", "weight": 5, "rule": {"kind": "judgement"}, "standard": "@SUM(A1)"}]}
    path = tmp_path / "eq.xlsx"
    export_framework(_build(raw), path, common_catalogue())
    cells = [c for row in load_workbook(path)["指标体系"].iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    again = load_framework_file(path)
    assert again.nodes[0].name == "=1+1" and again.name == "=HYPERLINK(\"x\")"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=frameworks())
def test_generated_frameworks_survive_the_web_editors_form(raw):
    # The editor shows a framework as form fields and reads them back: nothing may change on the way.
    from jixiao.web.frameworks_editor.tree import check, draft_from_framework, draft_from_post, draft_post

    original = _build(raw)
    checked = check(draft_from_post(draft_post(draft_from_framework(original, common_catalogue()))), common_catalogue())
    assert checked.problems == []
    assert framework_signature(checked.framework) == framework_signature(original)
