"""Issue 18 §10: the 自评报告 carries what the unit wrote (未达标原因, 改进措施, also on a row's parts, its 问题说明,
its narrative) and says plainly what it left empty: no suggestion written in its name, no “（部门未填写）”."""
from __future__ import annotations

from pathlib import Path

from docx import Document

from conftest import DAPENG
from jixiao.render.report_content import build_content
from jixiao.render.report_docx import build_report
from jixiao.review import review_file

# Sentences the report used to put in a unit's mouth where it wrote no 改进措施 (a suggestion per rule kind).
OLD_SUGGESTIONS = ("按序时进度均衡安排支出", "认真整改", "评价中指出的不足完善相关工作", "留存佐证材料", "逐项分析原因、落实整改")


def _report(tmp_path: Path, text: str, explanations=()) -> list[str]:
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    facts, framework, result = review_file(path, None)
    docx = tmp_path / "自评报告.docx"
    build_report(build_content(framework, facts, result, explanations)).save(str(docx))
    return [p.text for p in Document(str(docx)).paragraphs]


def _section(paragraphs: list[str], start: str, end: str) -> str:
    a = next(i for i, t in enumerate(paragraphs) if t.startswith(start))
    b = next(i for i, t in enumerate(paragraphs) if t.startswith(end))
    return "\n".join(paragraphs[a:b])


def test_the_units_own_words_and_plain_gaps(tmp_path):
    text = DAPENG.read_text(encoding="utf-8")
    # 财务合规性 (lost 1 point): its reason and measure written on a part instead of on the row.
    old = "      会计核算规范性: {score: 1, basis: 会计核算制度执行规范，不存在支出依据不合规、虚列项目支出的情况。}\n" \
          "    reason: 年中预算由年初 5,281.87 万元调整至 7,621.05 万元，调整幅度超过部门预算总规模的 10%。\n" \
          "    improvement: 提高年初预算编制的完整性和准确性，减少年中追加调整。\n"
    new = "      会计核算规范性: {score: 1, basis: 会计核算制度执行规范，不存在支出依据不合规、虚列项目支出的情况。, " \
          "reason: 个别凭证附件不全, improvement: 逐月抽查凭证附件}\n"
    assert old in text
    text = text.replace(old, new).replace("  职能: 统筹推进智慧城市、“数字政府”和电子政务建设，负责政务数据管理，统筹新区政务服务体系建设等。\n", "")
    explanations = (("部门管理/人员管理/编外人员控制率：采用评价人员评定分 1", "编外人员由区统一招聘，本局无权调整。"),)
    paragraphs = _report(tmp_path, text, explanations)
    problems = _section(paragraphs, "五、存在问题", "六、改进措施")
    measures = _section(paragraphs, "六、改进措施", "附件")
    assert "未达标原因：会计核算规范性：个别凭证附件不全" in problems
    assert "针对“财务合规性”：会计核算规范性：逐月抽查凭证附件" in measures
    # 公用经费控制率 and 社会效益… lost points with nothing written: said so, nothing invented.
    assert "“公用经费控制率”失 1 分" in problems and "单位未填写未达标原因" in problems
    assert "“公用经费控制率”、“社会效益、经济效益、生态效益及可持续影响等”失分，单位未填写改进措施。" in measures
    assert not [s for s in OLD_SUGGESTIONS if s in "\n".join(paragraphs)]
    # The 问题说明, beside the finding it answers.
    assert "关于复核检查提出的“部门管理/人员管理/编外人员控制率：采用评价人员评定分 1”，单位说明：编外人员由区统一招聘，本局无权调整。" in problems
    # Narrative: kept where written, plainly empty where not.
    basics = _section(paragraphs, "一、部门（单位）基本情况", "二、自评结论")
    assert "单位未填写部门职能。" in basics and "（部门未填写）" not in basics
    assert "。。" not in "\n".join(paragraphs)  # a basis ending in 。 followed by the reason read “…第 1 条）。。未达标原因”
    assert "核定编制 24 人，2021 年底实有在编 22 人。" in basics
