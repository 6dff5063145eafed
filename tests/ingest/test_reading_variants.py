"""The usual places a report states who, when, its total and grade, and its amounts — one phrase each, as the
issue and the development set quote them — and the national 自评表 columns."""
from decimal import Decimal as D

import pytest

from jixiao.ingest.report import ingest


def read_text(tmp_path, text, name="r.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return ingest(path)


@pytest.mark.parametrize("text, department", [
    ("评价部门名称\t某县统计局\n2021年度部门整体支出绩效自评表\n", "某县统计局"),
    ("部门 | 某县文化广电新闻出版旅游局 | |||\n(2021年度)\n", "某县文化广电新闻出版旅游局"),
    ("单位：某市城市管理监督指挥中心\n2021年度自评报告\n", "某市城市管理监督指挥中心"),
    ("填报单位：某县财政局（公章）\n2021年度\n", "某县财政局"),
    ("部门（单位）名称：某市数据资源管理局\n某市2021年度部门整体支出绩效自评报告\n", "某市数据资源管理局"),
    ("某市2021年度部门整体支出绩效自评报告\n", None),  # a city is not a department
    ("附件: 基础数据表 填报单位: 单位:万元\n2021年度\n", None),  # an empty form field, then a unit of money
])
def test_department(tmp_path, text, department):
    assert read_text(tmp_path, text).department == department


@pytest.mark.parametrize("sentence, total", [
    ("经评价，自评结果为 97 分。", D(97)),
    ("综合评分为97分，等级为优。", D(97)),
    ("自评总分(分)\t97.6", D("97.6")),
    ("本部门对2017 年整体支出开展绩效自评,自评得分\n90 分,存在的问题:", D(90)),
    ("年度评价得分为100分。", D(100)),
    ("绩效自评工作已完成，得分情况见附表。", None),
])
def test_stated_total(tmp_path, sentence, total):
    assert read_text(tmp_path, "某局2021年度部门整体支出绩效自评报告\n" + sentence + "\n").stated_total == total


@pytest.mark.parametrize("sentence, grade", [
    ("评价等级为优。", "优"), ("自评等级：良", "良"), ("等级为“中”。", "中"), ("评价等级为差。", "差"),
    ("评价结果为“优秀”。", "优"), ("评价等级为良好。", "良"), ("评价结果为合格。", "中"), ("等级为不合格。", "差"),
])
def test_stated_grade(tmp_path, sentence, grade):
    assert read_text(tmp_path, "某局2021年度部门整体支出绩效自评报告\n" + sentence + "\n").stated_grade == grade


def test_labelled_amounts_need_a_unit(tmp_path):
    text = "某局2021年度部门整体支出绩效自评报告\n预算执行情况（万元）\n计划安排资金\t715.18\n实际支出\t708.30\n"
    report = read_text(tmp_path, text)
    assert report.figures["调整后预算"][0].value.display() == "715.18 万元" and report.figures["实际支出"][0].value.display() == "708.30 万元"
    assert report.figures["调整后预算"][0].where.line == 3
    # the same rows with no unit anywhere near: not taken
    report = read_text(tmp_path, text.replace("（万元）", ""), "bare.txt")
    assert "调整后预算" not in report.figures and "实际支出" not in report.figures


def test_national_columns_with_score_coefficient(tmp_path):
    # 财预〔2020〕10号-style columns (DOMAIN.md): 指标名称 | 计量单位 | 指标性质 | 年初指标值 | 调整指标值 | 全年完成值 |
    # 得分系数(%) | 指标权重(分) | 指标得分 | 是否核心指标, every row full width
    header = "指标名称\t计量单位\t指标性质\t年初指标值\t调整指标值\t全年完成值\t得分系数(%)\t指标权重(分)\t指标得分\t是否核心指标"
    rows = [
        "培训人次\t人次\t定量\t≥500\t\t520\t100\t20\t20\t是",
        "服务对象满意度\t%\t定量\t≥90\t≥95\t93\t97.89\t10\t9.79\t否",
        "制度健全性\t\t定性\t健全\t\t健全\t100\t10\t10\t否",
    ]
    text = "某局2021年度部门整体支出绩效自评表\n" + "\n".join([header] + rows) + "\n合计\t\t\t\t\t\t\t40\t39.79\t\n"
    report = read_text(tmp_path, text)
    assert [(r.path, r.weight, r.score, r.target, r.actual) for r in report.rows] == [
        (("培训人次",), D(20), D(20), "≥500人次", "520人次"),
        (("服务对象满意度",), D(10), D("9.79"), "≥95%", "93%"),  # 调整指标值 over 年初指标值
        (("制度健全性",), D(10), D(10), "健全", "健全"),
    ]
    assert report.stated_total == D("39.79")  # the 合计 row's 指标得分 column, not its 指标权重


def test_targets_after_the_scores(tmp_path):
    header = "一级指标\t二级指标\t三级指标\t分值\t得分\t年度指标值\t实际完成值\t偏差原因"
    rows = [
        "产出指标\t数量指标\t培训人次\t20\t20\t500\t520\t",
        "\t\t检查次数\t10\t8\t100\t80\t人手不足",
        "满意度指标\t服务对象满意度\t满意度\t10\t10\t≥90%\t95%\t",
    ]
    text = "某局2022年度部门整体支出绩效自评表\n" + "\n".join([header] + rows) + "\n合计\t\t\t40\t38\t\t\t\n"
    report = read_text(tmp_path, text)
    assert [(r.path, r.weight, r.score, r.target, r.actual) for r in report.rows] == [
        (("产出指标", "数量指标", "培训人次"), D(20), D(20), "500", "520"),
        (("产出指标", "数量指标", "检查次数"), D(10), D(8), "100", "80"),  # 二级 carried down from the row above
        (("满意度指标", "服务对象满意度", "满意度"), D(10), D(10), "≥90%", "95%"),
    ]
    assert report.rows[1].basis == "人手不足"  # the 偏差原因 column only
    assert report.stated_total == D(38)


def test_two_tables_the_departments_is_kept(tmp_path):
    header = "一级指标\t分值\t二级指标\t分值\t三级指标\t分值\t得分"
    text = (
        "某局2021年度部门整体支出绩效自评报告\n附件1：项目支出绩效自评表\n" + header + "\n"
        "产出\t60\t数量\t60\t培训人次\t60\t55\n效益\t40\t社会效益\t40\t满意度\t40\t40\n总分\t100\t\t\t\t\t95\n"
        "附件2：部门整体支出绩效自评表\n" + header + "\n"
        "决策\t30\t目标\t30\t目标明确性\t30\t28\n绩效\t70\t产出\t70\t产出数量\t70\t68\n总分\t100\t\t\t\t\t96\n"
    )
    report = read_text(tmp_path, text)
    assert [(r.path, r.score) for r in report.rows] == [(("决策", "目标", "目标明确性"), D(28)), (("绩效", "产出", "产出数量"), D(68))]
    assert report.stated_total == D(96)
    assert any("部门整体支出的一张" in m for m, _w in report.notes)
