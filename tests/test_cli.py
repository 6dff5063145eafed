"""The command line: listings, JSON shape, and every kind of bad input → exit 2, place named, no traceback."""
import json
import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import DAPENG, GUANGZHOU


def test_frameworks_list_and_show(cli):
    code, out, _ = cli("frameworks")
    assert code == 0 and "shenzhen-2019" in out and "jiangxi-2021" in out
    code, out, _ = cli("frameworks", "show", "shenzhen-2019")
    assert code == 0 and "公用经费控制率" in out and "6 分" in out


def test_evaluate_json_shape(cli):
    code, out, _ = cli("evaluate", GUANGZHOU, "--json")
    assert code == 0
    result = json.loads(out)
    for key in ("department", "year", "framework", "total", "grade", "indicators", "findings"):
        assert key in result
    row = result["indicators"][0]
    assert set(row) >= {"path", "weight", "score", "basis"}
    assert result["findings"] and set(result["findings"][0]) >= {"severity", "code", "message", "where"}


def test_evaluate_prints_the_table(cli):
    code, out, _ = cli("evaluate", DAPENG)
    assert code == 0 and "总分 93.76，等级 优" in out


def variant(tmp_path, source, old, new, name="facts.yaml"):
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


BAD_INPUTS = [
    # (description, old text, new text, expected words in the message)
    ("missing figure", "  已完成项目数: 24            # 政务微信协同平台项目未能完成\n", "", ["缺少数据“已完成项目数”", "figures.已完成项目数"]),
    ("text where a number belongs", "  调整后预算: 7621.05", "  调整后预算: 七千六百万", ["第 13 行", "figures.调整后预算", "应为金额"]),
    ("unknown money unit", "  实际支出: 7606.15", "  实际支出: 7606.15美元", ["figures.实际支出", "单位无法识别"]),
    ("amount without unit", "unit: 万元\n", "", ["没有注明单位"]),
    ("percent given as money", "  满意度: 99.91%", "  满意度: 99.91万元", ["figures.满意度", "应为百分比，实际为金额"]),
    ("unknown indicator", "  预算编制规范性: {stated_score: 5}", "  预算编制规划性: {stated_score: 5}", ["没有名为“预算编制规划性”", "是否指“预算编制规范性”"]),
    ("unknown figure", "  核定编制: 24", "  核定编织: 24", ["未知的数据项“核定编织”", "是否指“核定编制”"]),
    ("judged score without basis", "    score: 18\n    basis: 基本如期完成", "    score: 18\n    basisx: 基本如期完成", ["未知字段"]),
    ("unknown framework", "framework: shenzhen-2019", "framework: shenzhen-2091", ["未知的指标体系", "shenzhen-2019"]),
    ("yaml syntax", "year: 2021", "year: [2021", ["YAML 格式错误"]),
    ("unknown checklist criterion", "unmet: [3, 4]", "unmet: [3, 9]", ["评分要点“9”不在本指标的要点中"]),
]


@pytest.mark.parametrize("description, old, new, words", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_facts_input(cli, tmp_path, description, old, new, words):
    path = variant(tmp_path, DAPENG, old, new)
    code, out, err = cli("evaluate", path, "--json")
    assert code == 2
    assert out == ""  # nothing half-printed
    assert "Traceback" not in err
    assert str(path) in err or "facts.yaml" in err
    for word in words:
        assert word in err, (word, err)


def test_judged_score_without_basis(cli, tmp_path):
    path = variant(tmp_path, DAPENG, "    score: 18\n    basis: 基本如期完成 2021 年度项目绩效目标；未发生安全生产事故，修订行政值班、安全生产制度；个别项目绩效目标因建设内容核减未能实现，酌情扣 2 分。\n", "    score: 18\n")
    code, _, err = cli("evaluate", path)
    assert code == 2 and "评定得分须写明评分依据" in err and "第 " in err


def test_slot_weights_must_add_up(cli, tmp_path):
    path = variant(tmp_path, GUANGZHOU, "{name: 按期完成率, weight: 2.94", "{name: 按期完成率, weight: 2.5")
    code, _, err = cli("evaluate", path)
    assert code == 2 and "分值合计 49.56，应等于 50" in err


def test_hostile_rule_in_a_user_framework(cli, tmp_path):
    framework = tmp_path / "fw.yaml"
    framework.write_text(
        "id: evil\nname: 恶意\ntotal: 1\nderived:\n  x: {name: x, kind: percent, formula: \"__import__('os').system('id')\"}\n"
        "indicators:\n  - {name: 一, weight: 1, children: [{name: 二, weight: 1, rule: {kind: ratio, figure: x}}]}\n",
        encoding="utf-8",
    )
    code, _, err = cli("evaluate", DAPENG, "--framework", framework)
    assert code == 2 and "不允许的内容" in err and "fw.yaml" in err and "第 5 行" in err


@pytest.mark.parametrize("content", [b"not a zip at all", b"PK\x03\x04broken"])
def test_corrupt_workbook(cli, tmp_path, content):
    path = tmp_path / "填报表.xlsx"
    path.write_bytes(content)
    code, _, err = cli("evaluate", path)
    assert code == 2 and "填报表.xlsx" in err and "不是有效的 .xlsx" in err and "Traceback" not in err


def test_zip_bomb_workbook_is_refused(cli, tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/huge.xml", b"0" * (210 * 1024 * 1024))
    code, _, err = cli("evaluate", path)
    assert code == 2 and "解压后过大" in err


def test_workbook_with_a_bad_cell_names_the_cell(cli, tmp_path):
    from openpyxl import load_workbook

    from xlsx_fill import fill_template

    template = tmp_path / "t.xlsx"
    cli("template", "-f", "shenzhen-2019", "-o", template)
    filled = tmp_path / "filled.xlsx"
    fill_template(template, DAPENG, filled)
    workbook = load_workbook(filled)
    sheet = workbook["数据"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "实际支出")
    sheet.cell(row=row, column=4, value="约七千六百万")
    workbook.save(filled)
    code, _, err = cli("evaluate", filled)
    assert code == 2 and f"单元格 数据!D{row}" in err and "应为金额" in err


def test_missing_file_and_wrong_type(cli, tmp_path):
    code, _, err = cli("evaluate", tmp_path / "nope.yaml")
    assert code == 2 and "文件不存在" in err
    other = tmp_path / "facts.csv"
    other.write_text("x", encoding="utf-8")
    code, _, err = cli("evaluate", other)
    assert code == 2 and "不支持的文件类型" in err
    report = tmp_path / "notes.txt"  # a text file is taken as a published report; with no year it cannot become facts
    report.write_text("一些文字，没有年度。", encoding="utf-8")
    code, _, err = cli("evaluate", report)
    assert code == 2 and "未能从报告中读出年度" in err


def test_template_failure_leaves_no_file(cli, tmp_path):
    out = tmp_path / "x.xlsx"
    code, _, err = cli("template", "-f", "no-such-framework", "-o", out)
    assert code == 2 and not out.exists()
    code, _, err = cli("template", "-f", "shenzhen-2019", "-o", tmp_path / "x.csv")
    assert code == 2 and "应以 .xlsx 结尾" in err
    assert list(tmp_path.iterdir()) == []


def test_real_process_exit_status_and_no_traceback(tmp_path):
    """The installed entry point itself: exit 2 and a Chinese message on stderr."""
    exe = shutil.which("jixiao") or str(__import__("pathlib").Path(sys.executable).parent / "jixiao")
    broken = tmp_path / "broken.yaml"
    broken.write_text("department: x\nyear: 2021\nframework: shenzhen-2019\nfigures: {满意度: 很高}\n", encoding="utf-8")
    done = subprocess.run([exe, "evaluate", str(broken)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "figures.满意度" in done.stderr and "Traceback" not in done.stderr
