"""`jixiao check` warns of a fraction typed into a percentage, in a YAML file and in a 填报表 alike."""
from __future__ import annotations

import json

from conftest import DAPENG

# 大鹏 2021 reports 满意度 99.91% (tiers ≥95% 6 分, ≥90% 4, ≥80% 2, else 1); typed as 0.9991 it reads 0.9991%.
MESSAGE = "服务对象满意度填的是 0.9991%，如指 99.91% 请填 99.91%"


def _warnings(cli, path) -> list[dict]:
    code, out, err = cli("check", path, "--json")
    assert code == 1 and "Traceback" not in err  # 大鹏's own two errors (三公 rate, 资产 sum) remain
    return [f for f in json.loads(out) if f["code"] == "percent-as-fraction"]


def test_yaml(cli, tmp_path):
    text = DAPENG.read_text(encoding="utf-8")
    path = tmp_path / "facts.yaml"
    path.write_text(text.replace("  满意度: 99.91%", "  满意度: 0.9991", 1), encoding="utf-8")
    found = _warnings(cli, path)
    assert [f["message"].split("（")[0] for f in found] == [MESSAGE] and found[0]["severity"] == "warning"
    assert found[0]["where"]["line"] == 49 and found[0]["where"]["field"] == "figures.满意度"  # at the figure's line
    path.write_text(text, encoding="utf-8")
    assert _warnings(cli, path) == []  # 99.91% as written: quiet


def test_filled_template(cli, tmp_path):
    from openpyxl import load_workbook

    from xlsx_fill import fill_template

    template, filled = tmp_path / "t.xlsx", tmp_path / "filled.xlsx"
    cli("template", "-f", "shenzhen-2019", "-o", template)
    fill_template(template, DAPENG, filled)
    assert _warnings(cli, filled) == []  # 99.91% in the percentage cell
    workbook = load_workbook(filled)
    sheet = workbook["数据"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "满意度")
    sheet.cell(row=row, column=4).value = "0.9991"  # typed into a cell formatted as text
    workbook.save(filled)
    found = _warnings(cli, filled)
    assert [f["message"].split("（")[0] for f in found] == [MESSAGE] and f"数据!D{row}" in json.dumps(found, ensure_ascii=False)
