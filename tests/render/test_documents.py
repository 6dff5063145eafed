"""The submitted documents, read back: totals, rows, merged cells, outline, lost points, live formulas."""
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from conftest import DAPENG, GUANGZHOU, JIANGXI_DEMO
from jixiao.review import review_file

DAPENG_ROWS = [5, 5, 8, 5, 2, 2, 3, 2, 2, 2, 1, 1, 1, 3, 5, 6, 8, 5.76, 18, 3, 6]
OUTLINE = ("一、部门（单位）基本情况", "二、自评结论", "三、绩效分析", "四、主要绩效", "五、存在问题", "六、改进措施", "附件")


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    from typer.testing import CliRunner

    from jixiao.cli.main import app

    out = tmp_path_factory.mktemp("docs")
    runner = CliRunner()
    for name, path in (("dapeng", DAPENG), ("guangzhou", GUANGZHOU)):
        result = runner.invoke(app, ["evaluate", str(path), "--out", str(out / name), "--pdf"])
        assert result.exit_code == 0, result.stderr
    return out


def score_rows(sheet):
    rows = []
    for row in range(4, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value in ("总分", "等级"):
            break
        rows.append(sheet.cell(row=row, column=10).value)
    return rows


def test_scoresheet_recalculates_to_jixiao_totals(documents, recalculate):
    for name, path in (("dapeng", DAPENG), ("guangzhou", GUANGZHOU)):
        _f, _fw, result = review_file(path)
        workbook = recalculate(documents / name / "评分表.xlsx")
        sheet = workbook["评分表"]
        values = score_rows(sheet)
        assert [Decimal(str(v)) for v in values] == [row.score for row in result.rows]
        labels = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=10).value for r in range(4, sheet.max_row + 1)}
        assert Decimal(str(labels["总分"])) == result.total
        assert labels["等级"] == result.grade
        subtotals = {row[0].value.strip("　"): row[2].value for row in workbook["小计"].iter_rows(min_row=2) if row[0].value}
        for node in result.nodes:
            assert Decimal(str(subtotals[node.path[-1]])).quantize(Decimal("0.01")) == node.score, node.path
    assert [float(v) for v in score_rows(recalculate(documents / "dapeng" / "评分表.xlsx")["评分表"])] == DAPENG_ROWS


def test_scoresheet_is_live_when_an_amount_is_edited(documents, recalculate, tmp_path):
    # A reviewer corrects 已完成项目数 from 24 to 25: 项目完成及时性 5.76 → 6, total 93.76 → 94.00
    workbook = load_workbook(documents / "dapeng" / "评分表.xlsx")
    data = workbook["数据"]
    row = next(r for r in range(2, data.max_row + 1) if data.cell(row=r, column=1).value == "已完成项目数")
    data.cell(row=row, column=3, value=25)
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)
    sheet = recalculate(edited)["评分表"]
    totals = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=10).value for r in range(4, sheet.max_row + 1)}
    assert totals["总分"] == pytest.approx(94.00)
    derived = {r[0].value: r[2].value for r in recalculate(edited)["数据"].iter_rows(min_row=2)}
    assert derived["项目完成率"] == pytest.approx(1.0)


def test_scoresheet_layout_merged_parents_and_print_setup(documents):
    sheet = load_workbook(documents / "dapeng" / "评分表.xlsx")["评分表"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    # 部门决策 covers the first 4 rows (4..7), 部门管理 the next 10 (8..17), 部门绩效 the last 7 (18..24)
    assert {"A4:A7", "B4:B7", "A8:A17", "A18:A24", "C4:C5", "C6:C7"} <= merged
    assert sheet["A4"].value == "部门决策" and sheet["B4"].value == 25
    assert [c.value for c in sheet[3]][:3] == ["一级指标", "分值", "二级指标"]
    assert "深圳市大鹏新区政务服务数据管理局" in sheet["A1"].value and "2021" in sheet["A1"].value
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.print_title_rows == "$3:$3" and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (None, 1) and int(sheet.page_setup.fitToHeight) == 0  # width 1 is the OOXML default
    assert sheet["J4"].number_format == "0.00" and sheet["A4"].font.name == "宋体"
    assert str(sheet["J21"].value).startswith("=ROUND(")  # 项目完成及时性 is a live formula
    findings = load_workbook(documents / "guangzhou" / "评分表.xlsx")["复核意见"]
    assert any("94.65" in str(row[1].value) for row in findings.iter_rows(min_row=2))


def report_text(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def test_report_outline_totals_and_typography(documents):
    document = Document(str(documents / "dapeng" / "自评报告.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    positions = [next(i for i, t in enumerate(paragraphs) if t.startswith(h)) for h in OUTLINE]
    assert positions == sorted(positions)
    assert any("自评得分为 93.76 分（九十三点七六分），评价等级为“优”" in t for t in paragraphs)
    assert any("全年调整预算 7,621.05 万元" in t for t in paragraphs)
    body = document.styles["Normal"]
    assert body.element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋_GB2312"
    assert body.font.size.pt == 16
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "— " in document.sections[0].footer.paragraphs[0].text


def section(paragraphs, start, end):
    a = next(i for i, t in enumerate(paragraphs) if t.startswith(start))
    b = next(i for i, t in enumerate(paragraphs) if t.startswith(end))
    return "\n".join(paragraphs[a:b])


def test_every_lost_point_is_a_problem_with_its_figures(documents):
    for name, path in (("dapeng", DAPENG), ("guangzhou", GUANGZHOU)):
        _f, _fw, result = review_file(path)
        paragraphs = report_text(documents / name / "自评报告.docx")
        problems = section(paragraphs, "五、存在问题", "六、改进措施")
        measures = section(paragraphs, "六、改进措施", "附件")
        for row in result.rows:
            if row.lost > 0:
                assert f"“{row.path[-1]}”失 " in problems, row.path
                assert row.path[-1] in measures, row.path
    problems = section(report_text(documents / "dapeng" / "自评报告.docx"), "五、存在问题", "六、改进措施")
    assert "已完成项目数 24" in problems and "资金调整调剂率 44.29%" in problems


def test_report_appendix_table_with_merged_parents(documents):
    document = Document(str(documents / "dapeng" / "自评报告.docx"))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["一级指标", "分值", "二级指标"]
    # rows 1..4 are 部门决策: one merged cell
    assert table.cell(1, 0)._tc is table.cell(4, 0)._tc and table.cell(1, 0).text == "部门决策"
    assert table.cell(5, 0).text == "部门管理"
    scores = [table.cell(r, 8).text for r in range(1, 22)]
    assert scores == [f"{v:.2f}" for v in DAPENG_ROWS]
    last = table.rows[-1].cells
    assert last[0].text == "总分" and last[8].text == "93.76"
    assert document.sections[-1].orientation == 1  # landscape


def test_pdf_written(documents):
    for name in ("dapeng", "guangzhou"):
        pdf = documents / name / "自评报告.pdf"
        assert pdf.read_bytes()[:5] == b"%PDF-"
        assert oct(pdf.stat().st_mode & 0o777) != "0o600"


def test_report_pdf_embeds_no_dejavu_and_only_the_mapped_faces(documents):
    # Issue 18 §11: the fonts the report names are mapped for LibreOffice (render/fonts/fonts.conf).
    listing = subprocess.run(["pdffonts", str(documents / "dapeng" / "自评报告.pdf")], capture_output=True, text=True, check=True)
    fonts = [line.split()[0].split("+", 1)[-1] for line in listing.stdout.splitlines()[2:]]
    # Before the mapping: NotoSansCJKjp (a sans face for every font, by fontconfig's default) and DejaVuSans digits.
    assert fonts and not [f for f in fonts if "DejaVu" in f]
    # Every face of Debian's Noto CJK collection carries the CFF name “…CJKjp…” (the faces share one table), so
    # pdffonts cannot tell SC from JP there: the serif/sans split is checked here, the glyph forms below.
    assert {re.sub(r"-.*", "", f) for f in fonts} == {"NotoSerifCJKjp", "NotoSansCJKjp", "LXGWWenKai"}
    assert any(f.startswith("NotoSerifCJKjp-Bold") for f in fonts)  # 方正小标宋简体: the heavy Song of the title


def test_pdf_without_converter_writes_nothing(cli, tmp_path, monkeypatch):
    """The converter is looked for before anything is written (issue 14: no half output)."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    out = tmp_path / "out"
    code, _, err = cli("evaluate", JIANGXI_DEMO, "--out", out, "--pdf")
    assert code == 2 and "未安装 PDF 转换程序" in err and "未写出任何文件" in err
    assert not out.exists()


def test_custom_template(cli, tmp_path):
    template = tmp_path / "模板.docx"
    document = Document()
    document.add_paragraph("单位：{{ department }}；年度：{{ year }}；得分：{{ total }}（{{ total_words }}分）；等级：{{ grade }}")
    document.add_paragraph("{% for p in problems %}问题：{{ p }}\n{% endfor %}")
    document.save(template)
    out = tmp_path / "out"
    code, _, err = cli("evaluate", DAPENG, "--out", out, "--template", template)
    assert code == 0, err
    text = "\n".join(p.text for p in Document(str(out / "自评报告.docx")).paragraphs)
    assert "单位：深圳市大鹏新区政务服务数据管理局；年度：2021；得分：93.76（九十三点七六分）；等级：优" in text
    assert "问题：“项目完成及时性”失 0.24 分" in text


def test_hostile_template_is_sandboxed_and_nothing_is_written(cli, tmp_path):
    template = tmp_path / "evil.docx"
    document = Document()
    document.add_paragraph("{{ department.__class__.__mro__[1].__subclasses__() }}")
    document.save(template)
    out = tmp_path / "out"
    code, _, err = cli("evaluate", DAPENG, "--out", out, "--template", template)
    assert code == 2 and "报告模板有误" in err and "evil.docx" in err
    assert not out.exists() or list(out.iterdir()) == []


def test_summary_matches_a_hand_calculation(cli, tmp_path, recalculate):
    out = tmp_path / "汇总表.xlsx"
    code, _, err = cli("summary", DAPENG, GUANGZHOU, JIANGXI_DEMO, "-o", out)
    assert code == 0, err
    sheet = recalculate(out)["汇总表"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert [r[1] for r in rows[:3]] == ["深圳市大鹏新区政务服务数据管理局", "广州市政务服务数据管理局", "某县水利局（示例）"]
    assert [r[5] for r in rows[:3]] == [93.76, 94.36, 98.77]
    # 7,606.15 / 7,621.05 = 99.80%; 392,533,097.08 / 392,951,003.55 = 99.89%; 1,794.90 / 1,860 = 96.50%
    assert [round(r[4], 4) for r in rows[:3]] == [0.998, 0.9989, 0.965]
    total = rows[3]
    assert total[0] == "合计"
    # 7,621.05 + 39,295.100355 + 1,860 = 48,776.150355 万元; 7,606.15 + 39,253.309708 + 1,794.90 = 48,654.359708 万元
    assert total[2] == pytest.approx(48776.150355) and total[3] == pytest.approx(48654.359708)
    assert total[4] == pytest.approx(48654.359708 / 48776.150355)


def test_summary_lists_reviewed_scores_and_refuses_broken_files(cli, tmp_path):
    reviewed = tmp_path / "reviewed.yaml"
    reviewed.write_text(DAPENG.read_text(encoding="utf-8").replace("stated_total: 93.76", "stated_total: 93.76\nreviewed_total: 92.5"), encoding="utf-8")
    out = tmp_path / "s.xlsx"
    assert cli("summary", reviewed, "-o", out)[0] == 0
    assert load_workbook(out)["汇总表"]["G3"].value == 92.5
    broken = tmp_path / "broken.yaml"
    broken.write_text("department: x\n", encoding="utf-8")
    out2 = tmp_path / "s2.xlsx"
    code, _, err = cli("summary", DAPENG, broken, "-o", out2)
    assert code == 2 and "broken.yaml" in err and not out2.exists()
    assert not any(p.name.startswith(".jixiao-") for p in tmp_path.iterdir())
