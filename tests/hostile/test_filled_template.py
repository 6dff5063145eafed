"""Issue 13 §5 and issue 14 "Messages name the wrong file": problems in a filled (or partly
filled) 填报表, or rows left out of a facts file, are named by the user's file and cell or field,
never by the built-in framework file."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from conftest import DAPENG
from xlsx_fill import fill_template


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    from typer.testing import CliRunner

    from jixiao.cli.main import app

    folder = tmp_path_factory.mktemp("filled")
    CliRunner().invoke(app, ["template", "-f", "shenzhen-2019", "-o", str(folder / "blank.xlsx")])
    fill_template(folder / "blank.xlsx", DAPENG, folder / "filled.xlsx")
    return folder


def _edited(filled, tmp_path, edit):
    workbook = load_workbook(filled / "filled.xlsx")
    edit(workbook)
    path = tmp_path / "edited.xlsx"
    workbook.save(path)
    return path


def _row_of(sheet, label: str) -> int:
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == label)


LEFT_OUT = "部门绩效/效果性/社会效益、经济效益、生态效益及可持续影响等"  # a judged row: leaving it blank is an error


def test_unfilled_template_names_its_cells(cli, filled):
    code, _, err = cli("evaluate", filled / "blank.xlsx")
    assert code == 2 and "blank.xlsx，单元格 基本信息!B2" in err and "department" in err
    assert "frameworks/shenzhen-2019.yaml" not in err


def test_partly_filled_template_names_the_row_cell(cli, filled, tmp_path):
    def clear(workbook):
        sheet = workbook["指标评分"]
        row = _row_of(sheet, LEFT_OUT)
        for column in range(5, sheet.max_column + 1):
            sheet.cell(row=row, column=column).value = None  # cell(value=None) would leave it as it was

    path = _edited(filled, tmp_path, clear)
    code, _, err = cli("evaluate", path)
    assert code == 2 and "需评价人员评分" in err
    line = next(l for l in err.splitlines() if LEFT_OUT in l)
    assert "edited.xlsx，单元格 指标评分!A" in line and "frameworks/" not in err


def test_formula_without_a_result_is_named_by_cell(cli, filled, tmp_path):
    def formula(workbook):
        sheet = workbook["数据"]
        sheet.cell(row=_row_of(sheet, "实际支出"), column=4, value="=1+1")

    path = _edited(filled, tmp_path, formula)
    code, _, err = cli("evaluate", path)
    row = _row_of(load_workbook(path)["数据"], "实际支出")
    assert code == 2 and f"单元格 数据!D{row}" in err and "是公式" in err


def test_duplicate_figure_and_huge_float_are_named_by_cell(cli, filled, tmp_path):
    def duplicate(workbook):
        sheet = workbook["数据"]
        row = sheet.max_row + 1
        sheet.cell(row=row, column=1, value="实际支出")
        sheet.cell(row=row, column=4, value=1)

    path = _edited(filled, tmp_path, duplicate)
    code, _, err = cli("evaluate", path)
    assert code == 2 and "数据项“实际支出”重复" in err and "单元格 数据!A" in err

    def huge(workbook):
        sheet = workbook["数据"]
        sheet.cell(row=_row_of(sheet, "实际支出"), column=4, value=1e300)

    path = _edited(filled, tmp_path, huge)
    code, _, err = cli("evaluate", path)
    assert code == 2 and "数值过大" in err and "单元格 数据!D" in err


def test_row_left_out_of_a_facts_file_names_that_file(cli, tmp_path):
    kept, skipping = [], False
    for line in DAPENG.read_text(encoding="utf-8").split("\n"):  # drop the 社会效益… entry and its body
        if line.startswith("  社会效益、经济效益、生态效益及可持续影响等:"):
            skipping = True
            continue
        if skipping and line.startswith("    "):
            continue
        skipping = False
        kept.append(line)
    path = tmp_path / "facts.yaml"
    path.write_text("\n".join(kept), encoding="utf-8")
    code, _, err = cli("evaluate", path)
    assert code == 2 and "需评价人员评分" in err
    assert f"{path}，第" in err and f"字段“rows.{LEFT_OUT}”" in err
    assert "frameworks/" not in err
