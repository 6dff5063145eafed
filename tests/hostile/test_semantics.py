"""Hostile-input corpus, scoring semantics (issues 13 §2 and 14): no silent wrong score.

Each case is a small edit of a shipped example, run through the command line as a user would;
the assertions are the real messages, exit codes and scores (hand calculations in comments).
"""
import json

import pytest

from conftest import DAPENG, GUANGZHOU, JIANGXI_DEMO, score_one


def variant(tmp_path, source, old, new, name="facts.yaml"):
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


SATISFACTION = "{name: 受益群众满意度, weight: 10, target: ≥90%, actual: 93.5%}"
STAFF = "在职人员控制率: {actual: 95%}"

# (id, source, old, new, words in the refusal): every one exits 2, names the file, line and field.
REFUSED = [
    # The campaign's reproducer: read as 90% and met, it scored full marks.
    ("below-qualifier", JIANGXI_DEMO, SATISFACTION, SATISFACTION.replace("actual: 93.5%", "actual: 未达到90%"),
     ["第 65 行", "slots.服务对象满意度指标.0", "实际完成值“未达到90%”未达到指标值 ≥90%", "没有给出确切数值"]),
    ("not-enough", JIANGXI_DEMO, SATISFACTION, SATISFACTION.replace("actual: 93.5%", "actual: 不足90%"), ["“不足90%”未达到指标值 ≥90%"]),
    # A 控制率 written as a bare 100% is an upper limit; 超过100% misses it and gives no number to score.
    ("above-control-rate", JIANGXI_DEMO, STAFF, "在职人员控制率: {target: 100%, actual: 超过100%}",
     ["rows.在职人员控制率", "“超过100%”未达到指标值 100%"]),
    # Without ≥/≤ and with a name that does not tell, the direction is unknown: refused, not guessed.
    ("above-undirected", GUANGZHOU, "统一认证平台比例, weight: 2.94, target: 100%, actual: 100%", "统一认证平台比例, weight: 2.94, target: 100%, actual: 超过100%",
     ["只说明>100.00%", "没有写明是下限还是上限", "请在年度指标值前写明 ≥ 或 ≤"]),
    ("wrong-unit", JIANGXI_DEMO, SATISFACTION, SATISFACTION.replace("actual: 93.5%", "actual: 93.5个"),
     ["实际完成值（actual）“93.5个”是单位“个”，年度指标值“≥90%”是百分比，单位不同，不能比较"]),
    ("percent-for-count", GUANGZHOU, "target: ≥6个, actual: 16个", "target: ≥6个, actual: 16%", ["是百分比", "是单位“个”"]),
    ("approximate", JIANGXI_DEMO, SATISFACTION, SATISFACTION.replace("actual: 93.5%", "actual: 约93%"), ["是约数或预计值（“约”）"]),
    ("planned", JIANGXI_DEMO, SATISFACTION, SATISFACTION.replace("actual: 93.5%", "actual: 预计95%"), ["是约数或预计值（“预计”）"]),
    ("two-numbers", JIANGXI_DEMO, SATISFACTION, SATISFACTION.replace("actual: 93.5%", "actual: 一季度30%，全年95%"),
     ["有多个数值（30.00%、95.00%）"]),
    ("negative-actual", JIANGXI_DEMO, SATISFACTION, SATISFACTION.replace("actual: 93.5%", "actual: -5%"), ["“-5%”为负数，不可能成立"]),
    ("fraction-without-percent", JIANGXI_DEMO, SATISFACTION, SATISFACTION.replace("actual: 93.5%", "actual: 0.935"),
     ["“0.935”没有写 %，是 0.935% 还是 93.50%"]),
    ("count-figure-with-qualifier", DAPENG, "  已完成项目数: 24 ", "  已完成项目数: 24个以上 ", ["figures.已完成项目数", "带有限定词“以上”，不是确切数值"]),
    ("satisfaction-above-100", JIANGXI_DEMO, SATISFACTION, SATISFACTION.replace("actual: 93.5%", "actual: 101%"),
     ["“101%”超过 100%：满意度、覆盖率、合格率这类比率不可能超过 100%"]),
    ("bound-undecided", JIANGXI_DEMO, "{target: ≤5%, actual: 3.2%}", "{target: ≤5%, actual: 未达到90%}",
     ["只说明<90.00%，不能判定是否达到年度指标值 ≤5.00%"]),
    ("negation-not-understood", JIANGXI_DEMO, SATISFACTION, SATISFACTION.replace("actual: 93.5%", "actual: 仍没能完成95%"), ["否定说法"]),
    # Issue 14: an unknown part was dropped without a word (93.76, exit 0).
    ("unknown-part", DAPENG, "      会计核算规范性: {score: 1", "      不存在的分项: {score: 1, basis: x}\n      会计核算规范性: {score: 1",
     ["第 69 行", "rows.财务合规性.parts.不存在的分项", "指标“财务合规性”没有名为“不存在的分项”的分项", "资金调整调剂规范性"]),
    ("misspelt-part", DAPENG, "      会计核算规范性: {score: 1", "      会计核算规范: {score: 1",
     ["rows.财务合规性.parts.会计核算规范", "是否指“会计核算规范性”"]),
    ("parts-on-a-row-without-parts", DAPENG, "  预算编制规范性: {stated_score: 5}", "  预算编制规范性: {stated_score: 5, parts: {某分项: {score: 1, basis: x}}}",
     ["评分规则没有分项，不应填写 parts"]),
    # A judged score on a computed part was dropped (still 93.76); one above its part's points was summed (94.26).
    ("score-on-a-computed-part", DAPENG, "      会计核算规范性: {score: 1", "      资金调整调剂规范性: {score: 1, basis: 酌情}\n      会计核算规范性: {score: 1",
     ["rows.财务合规性.parts.资金调整调剂规范性.score", "分项“资金调整调剂规范性”按“超限扣分”计分，不读取 score", "请在指标“财务合规性”上填写 score 与 basis"]),
    ("part-score-above-its-points", DAPENG, "      资金支出规范性: {score: 1,", "      资金支出规范性: {score: 1.5,",
     ["rows.财务合规性.parts.资金支出规范性.score", "分项“资金支出规范性”的评定得分 1.5 不在 0 至 1 分之间"]),
    ("field-the-rule-does-not-read", DAPENG, "  预算编制规范性: {stated_score: 5}", "  预算编制规范性: {stated_score: 5, unmet: [1]}",
     ["rows.预算编制规范性.unmet", "指标“预算编制规范性”按“逐项扣分”计分，不读取 unmet（它读取：deductions）"]),
    # 免于扣分 settled the row at full marks and the judged 3 was dropped without a word.
    ("exempt-and-score", DAPENG, "  预算编制规范性: {stated_score: 5}", "  预算编制规范性: {stated_score: 5, exempt: 不扣分, score: 3, basis: x}",
     ["rows.预算编制规范性.score", "免于扣分（exempt）、评定得分（score）不能同时填写：只会采用“免于扣分”"]),
    ("not-applicable-and-exempt", DAPENG, "  预算编制规范性: {stated_score: 5}", "  预算编制规范性: {stated_score: 5, not_applicable: 无, exempt: 不扣分}",
     ["rows.预算编制规范性.exempt", "不适用（not_applicable）、免于扣分（exempt）不能同时填写"]),
    ("met-neither-yes-nor-no", JIANGXI_DEMO, "{target: 安全, actual: 安全}", "{target: 安全, actual: 安全, met: 大概}", ["rows.资产管理安全性.met", "应为 是/否"]),
    # Campaign 2: a share's target outside 0–100% can never be reached (≥150% scored 93.5 / 150 × 10).
    ("share-target-above-100", JIANGXI_DEMO, SATISFACTION, SATISFACTION.replace("target: ≥90%", "target: ≥150%"),
     ["年度指标值“≥150%”不在 0 至 100% 之间"]),
    ("share-target-negative", JIANGXI_DEMO, SATISFACTION, SATISFACTION.replace("target: ≥90%", "target: ≥-5%"), ["年度指标值“≥-5%”不在 0 至 100% 之间"]),
    # Campaign 2: [3, 3] counted one miss (94.76) where [3, 4] was meant.
    ("criterion-repeated", DAPENG, "    unmet: [3, 4]", "    unmet: [3, 3]", ["rows.绩效指标明确性", "评分要点“绩效指标具有清晰可衡量的指标值”在未达到的要点（unmet）中重复列出"]),
    ("criterion-unmet-and-partial", DAPENG, "    unmet: [3, 4]", "    unmet: [3, 4]\n    partial: {3: 0.5}", ["同时列为未达到（unmet）和部分达到（partial）"]),
    # Campaign 2: 24.5 of 25 projects scored 24.5 / 25 × 6 = 5.88 without a word.
    ("fractional-project-count", DAPENG, "  已完成项目数: 24 ", "  已完成项目数: 24.5 ", ["已完成项目数 24.5，不是整数：完成比例按件数计算"]),
    ("reviewed-total-above", DAPENG, "stated_grade: 优\n", "stated_grade: 优\nreviewed_total: 250\n",
     ["第 9 行", "reviewed_total", "复核分数（reviewed_total）250 不在 0 至 100 分之间"]),
    # Campaign 2 leftovers: YAML 1.1 read 0x10 as 16 (满意度 16%), 017 as octal 15, 1_000 as 1000.
    ("hexadecimal-number", DAPENG, "  满意度: 99.91%", "  满意度: 0x10", ["第 49 行", "“满意度”的值“0x10”不是十进制数的写法"]),
    ("octal-number", DAPENG, "  满意度: 99.91%", "  满意度: 017", ["第 49 行", "“满意度”的值“017”不是十进制数的写法"]),
    ("digit-groups", DAPENG, "  已完成项目数: 24 ", "  已完成项目数: 2_4 ", ["第 36 行", "“已完成项目数”的值“2_4”不是十进制数的写法"]),
    ("yaml-1-2-octal", DAPENG, "  满意度: 99.91%", "  满意度: 0o17", ["figures.满意度", "应为百分比"]),
    # Campaign 2 leftover: 24人 for a figure counted in 个/项 was read as 24.
    ("count-in-the-wrong-unit", DAPENG, "  已完成项目数: 24 ", "  已完成项目数: 24人 ",
     ["第 36 行", "figures.已完成项目数", "“24人”的单位“人”与数据项不符（已完成项目数以个、项、件、条计）"]),
    ("staff-count-in-the-wrong-unit", DAPENG, "  在编人数: 22", "  在编人数: 22个", ["figures.在编人数", "“22个”的单位“个”与数据项不符（在编人数以人、名、位计）"]),
    ("reviewed-total-negative", DAPENG, "stated_grade: 优\n", "stated_grade: 优\nreviewed_total: -50\n", ["复核分数（reviewed_total）-50 不在 0 至 100 分之间"]),
]


@pytest.mark.parametrize("source, old, new, words", [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused_with_the_field_named(cli, tmp_path, source, old, new, words):
    path = variant(tmp_path, source, old, new)
    code, out, err = cli("evaluate", path, "--json")
    assert (code, out) == (2, ""), err
    assert "facts.yaml" in err and "Traceback" not in err
    for word in words:
        assert word in err, (word, err)


@pytest.mark.parametrize("total", ["250", "-50"])
def test_summary_refuses_an_impossible_reviewed_total(cli, tmp_path, total):
    path = variant(tmp_path, DAPENG, "stated_grade: 优\n", f"stated_grade: 优\nreviewed_total: {total}\n")
    out = tmp_path / "汇总表.xlsx"
    code, _, err = cli("summary", path, "-o", out)
    assert code == 2 and f"复核分数（reviewed_total）{total} 不在 0 至 100 分之间" in err
    assert not out.exists()


def test_reviewed_total_at_the_limits_is_accepted(cli, tmp_path):
    # Guangzhou's 加减分 row (±5) lies inside its 100: a total lies in [-5, 100].
    for total in ("100", "0"):
        path = variant(tmp_path, DAPENG, "stated_grade: 优\n", f"stated_grade: 优\nreviewed_total: {total}\n")
        assert cli("evaluate", path, "--json")[0] == 0


def evaluated(cli, path):
    code, out, err = cli("evaluate", path, "--json")
    assert code == 0, err
    result = json.loads(out)
    return result, {tuple(row["path"])[-1]: row for row in result["indicators"]}, result["findings"]


def test_control_rate_above_a_bare_100_percent_is_scored_as_missed(cli, tmp_path):
    # 在职人员控制率 target 100% (an upper limit for a 控制率), actual 105%: 100 / 105 × 2 = 1.9048 → 1.90
    path = variant(tmp_path, JIANGXI_DEMO, STAFF, "在职人员控制率: {target: 100%, actual: 105%, reason: 增编未到位, improvement: 按编制配备}")
    result, rows, _ = evaluated(cli, path)
    assert rows["在职人员控制率"]["score"] == 1.9
    assert "未达到目标，得分 = 100.00% / 105.00% × 2 分" in rows["在职人员控制率"]["basis"]
    assert result["total"] == pytest.approx(98.77 - 0.10)  # the example scored 2 on this row


@pytest.mark.parametrize("actual, score", [
    ("95%以上", 10),  # at least 95% meets ≥90%
    ("超过90%", 10),  # above 90% meets ≥90%
    ("90%多", 10),  # a little above 90%
    ("满意度达到93.5%", 10),  # 达到 states the value itself
    ("85%", 9.44),  # 85 / 90 × 10 = 9.444 → 9.44
    ("93.5‰", 1.04),  # per mille, not percent: 9.35 / 90 × 10 = 1.039 → 1.04 (campaign 2 read it as 93.5%, full marks)
])
def test_qualifiers_understood(cli, tmp_path, actual, score):
    path = variant(tmp_path, JIANGXI_DEMO, SATISFACTION, SATISFACTION.replace("actual: 93.5%", f"actual: {actual}, reason: r, improvement: i"))
    _, rows, _ = evaluated(cli, path)
    assert rows["受益群众满意度"]["score"] == score


def test_all_or_nothing_scores_a_missed_bound_as_zero():
    assert score_one({"kind": "target", "mode": "all_or_nothing"}, 2, row={"target": "≥90%", "actual": "未达到90%"}) == 0
    assert score_one({"kind": "target", "mode": "all_or_nothing"}, 2, row={"target": "≥90%", "actual": "90%以上"}) == 2


def test_report_002_bounds_still_met(cli):
    # 安全审计平台日志存储能力: target ≥6个月, actual ≥9个月 (a bound wholly above) → full 2.94; total unchanged.
    result, rows, _ = evaluated(cli, GUANGZHOU)
    assert rows["安全审计平台日志存储能力"]["score"] == 2.94
    assert result["total"] == 94.36


def findings_of(cli, path, code):
    exit_code, out, err = cli("check", path, "--json")
    assert exit_code in (0, 1), err
    return [f for f in json.loads(out) if f["code"] == code]


def test_met_true_beside_an_actual_that_says_not(cli, tmp_path):
    path = variant(tmp_path, JIANGXI_DEMO, "{target: 健全, actual: 健全}", "{target: 健全, actual: 不健全, met: true}")
    [finding] = findings_of(cli, path, "met-contradicts-actual")
    assert finding["severity"] == "error"
    assert finding["message"] == "填写为已达成（met: true），而实际完成值“不健全”表明未达到年度指标值“健全”"
    assert finding["where"]["line"] == 30 and finding["where"]["field"] == "rows.部门预算管理/管理制度健全性"


@pytest.mark.parametrize("actual", ["未完成", "不及时", "制度建设滞后", "未达到"])
def test_met_true_with_other_negative_actuals(cli, tmp_path, actual):
    path = variant(tmp_path, JIANGXI_DEMO, "{target: 安全, actual: 安全}", f"{{target: 安全, actual: {actual}, met: true}}")
    assert len(findings_of(cli, path, "met-contradicts-actual")) == 1


def test_met_written_as_yes_or_no(cli, tmp_path):
    # 是/否 as the 填报表 writes them: 否 against an actual that says 安全 is a contradiction, and the row scores 0.
    path = variant(tmp_path, JIANGXI_DEMO, "{target: 安全, actual: 安全}", "{target: 安全, actual: 安全, met: 否, reason: r, improvement: i}")
    assert len(findings_of(cli, path, "met-contradicts-actual")) == 1
    _, rows, _ = evaluated(cli, path)
    assert rows["资产管理安全性"]["score"] == 0


def test_met_beside_denied_negatives_is_quiet(cli, tmp_path):
    path = variant(tmp_path, JIANGXI_DEMO, "{target: 安全, actual: 安全}", "{target: 安全, actual: 未发现不规范问题，无逾期, met: true}")
    assert findings_of(cli, path, "met-contradicts-actual") == []


@pytest.mark.parametrize("total", ["200", "-50"])
def test_stated_total_out_of_range(cli, tmp_path, total):
    path = variant(tmp_path, DAPENG, "stated_total: 93.76", f"stated_total: {total}")
    [finding] = findings_of(cli, path, "stated-total-out-of-range")
    assert finding["message"] == f"自评总分（stated_total）{total} 不在 0 至 100 分之间（指标体系“shenzhen-2019”满分 100 分），不可能成立"
    assert finding["where"]["line"] == 7
    assert findings_of(cli, DAPENG, "stated-total-out-of-range") == []


def test_negative_satisfaction(cli, tmp_path):
    # 满意度 −5% falls in the lowest tier (<80% → 1 分) and scored 1 point without a word.
    path = variant(tmp_path, DAPENG, "  满意度: 99.91%", "  满意度: -5%")
    [finding] = findings_of(cli, path, "negative-rate")
    assert finding["severity"] == "error" and finding["where"]["field"] == "figures.满意度"
    assert "服务对象满意度（figures.满意度）为负数：-5.00%" in finding["message"]


def test_growth_rates_may_be_negative(cli, tmp_path):
    framework = tmp_path / "growth.yaml"
    framework.write_text(
        "id: growth\nname: 增长率测试\ntotal: 10\nfigures:\n  三公经费变动率: {name: “三公经费”变动率, kind: percent}\n"
        "indicators:\n  - {name: 一级, weight: 10, children: [{name: 指标, weight: 10, rule: {kind: judgement}}]}\n",
        encoding="utf-8",
    )
    facts = tmp_path / "facts.yaml"
    body = f"department: 测试\nyear: 2021\nframework: {framework}\nrows:\n  指标: {{score: 10, basis: 依据}}\nfigures:\n"
    facts.write_text(body + "  三公经费变动率: -12%\n  满意度: -1%\n", encoding="utf-8")
    assert [f["where"]["field"] for f in findings_of(cli, facts, "negative-rate")] == ["figures.满意度"]


def test_cumulative_quarterly_progress_going_down(cli, tmp_path):
    # Issue 14's reproducer: Q1 99%, Q2 63.93%.
    path = variant(tmp_path, DAPENG, "  一季度支出进度: 32.74%", "  一季度支出进度: 99%")
    [finding] = findings_of(cli, path, "quarterly-progress-decreasing")
    assert finding["where"]["field"] == "figures.二季度支出进度" and finding["where"]["line"] == 30
    assert finding["message"].startswith("二季度末支出进度（figures.二季度支出进度）63.93% 低于一季度末支出进度 99.00%")
    assert findings_of(cli, DAPENG, "quarterly-progress-decreasing") == []


@pytest.mark.parametrize("written", ["24个", "24项", "24 件"])
def test_count_in_a_fitting_unit_scores_as_the_bare_number(cli, tmp_path, written):
    path = variant(tmp_path, DAPENG, "  已完成项目数: 24 ", f"  已完成项目数: {written} ")
    results = [cli("evaluate", p, "--json") for p in (path, DAPENG)]
    assert [code for code, _, _ in results] == [0, 0]
    assert json.loads(results[0][1])["total"] == json.loads(results[1][1])["total"]


def test_cumulative_quarterly_progress_above_100(cli, tmp_path):
    # Left over from the second campaign: 四季度 150% (大鹏 reads 99.8%) raised nothing.
    path = variant(tmp_path, DAPENG, "  四季度支出进度: 99.8%", "  四季度支出进度: 150%")
    [finding] = findings_of(cli, path, "quarterly-progress-above-100")
    assert finding["where"]["field"] == "figures.四季度支出进度" and finding["where"]["line"] == 32
    assert finding["message"].startswith("四季度末支出进度（figures.四季度支出进度）150.00% 超过 100%")
    assert findings_of(cli, DAPENG, "quarterly-progress-above-100") == []


def framework_file(tmp_path, grades):
    lines = ["id: banded", "name: 等级测试", "total: 100", "grades:"]
    lines += [f"  - {{grade: {grade}, min: {minimum}}}" for grade, minimum in grades]
    lines += ["indicators:", "  - {name: 一级, weight: 100, children: [{name: 指标, weight: 100, rule: {kind: judgement}}]}"]
    path = tmp_path / "banded.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    facts = tmp_path / "facts.yaml"
    facts.write_text(f"department: 测试\nyear: 2021\nframework: {path}\nrows:\n  指标: {{score: 50, basis: 依据}}\n", encoding="utf-8")
    return facts


@pytest.mark.parametrize("grades, words", [
    # No band reaches 0: a total of 50 had silently been 合格.
    ([("优", 90), ("合格", 60)], ["grades.1.min", "最低一档“合格”的下限为 60，0 至 60 分没有对应的等级"]),
    ([("优", 90), ("良", 90), ("差", 0)], ["grades.1.min", "等级“良”与“优”的下限同为 90，两档重叠"]),
    ([("超优", 120), ("优", 90), ("差", 0)], ["grades.0.min", "等级“超优”的下限 120 高于总分 100，永远得不到"]),
    ([("优", 90), ("优", 60), ("差", 0)], ["grades.1", "等级“优”重复"]),
    ([], ["等级（grades）不能为空"]),
])
def test_grade_bands_that_leave_totals_without_a_grade(cli, tmp_path, grades, words):
    facts = framework_file(tmp_path, grades)
    if not grades:
        framework = tmp_path / "banded.yaml"
        framework.write_text(framework.read_text(encoding="utf-8").replace("grades:\n", "grades: []\n"), encoding="utf-8")
    code, _, err = cli("evaluate", facts)
    assert code == 2 and "banded.yaml" in err and "Traceback" not in err
    for word in words:
        assert word in err, (word, err)


def test_grade_bands_covering_everything_are_used(cli, tmp_path):
    facts = framework_file(tmp_path, [("优秀", 85), ("合格", 50), ("不合格", 0)])
    code, out, err = cli("evaluate", facts, "--json")
    assert code == 0, err
    assert json.loads(out)["grade"] == "合格"  # 50 is the 合格 band's own minimum


def test_met_true_beside_a_number_that_misses_the_frameworks_target(cli, tmp_path):
    # jiangxi-2021 sets 在职人员控制率 ≤100% in the framework; 105% misses it whatever met says (100 / 105 × 2 = 1.90).
    path = variant(tmp_path, JIANGXI_DEMO, STAFF, "在职人员控制率: {actual: 105%, met: true, reason: r, improvement: i}")
    [finding] = findings_of(cli, path, "met-contradicts-actual")
    assert finding["message"] == "填写为已达成（met: true），而实际完成值“105%”表明未达到年度指标值“≤100%”"
    _, rows, _ = evaluated(cli, path)
    assert rows["在职人员控制率"]["score"] == 1.9


@pytest.mark.parametrize("figure, rule", [
    ("实际支出: 100元", "{kind: ratio, figure: 实际支出}"),  # 100元 read as 10,000% → full marks (campaign 2)
    ("计划项目数: 5", "{kind: sum_of_parts, parts: [{name: 分项, points: 10, rule: {kind: over_limit, figure: 计划项目数, limit: 10%, per_point: 0.1}}]}"),
])
def test_a_rate_rule_on_a_figure_that_is_not_a_rate_is_refused(cli, tmp_path, figure, rule):
    err = _refused_framework(cli, tmp_path, figure, rule)
    assert "当作比率使用，而它不是比率（kind: percent）" in err


@pytest.mark.parametrize("rule, words", [
    # A negative per_point added points: 15% against a 10% limit gave 10 + 5 = 15 of 10 (campaign 2).
    ("{kind: over_limit, figure: 预算调整率, limit: 10%, per_point: -1}", "每个百分点扣分（per_point）-1 应大于 0"),
    ("{kind: over_limit, figure: 预算调整率, limit: -10%, per_point: 0.1}", "限额（limit）-10.00% 不能为负数"),
    ("{kind: deduction, per_item: -1}", "逐项扣分的每项扣分（per_item）-1 应大于 0"),  # the template was written for it
])
def test_over_limit_turned_around_is_refused(cli, tmp_path, rule, words):
    assert words in _refused_framework(cli, tmp_path, "预算调整率: 15%", rule)


def _refused_framework(cli, tmp_path, figure, rule):
    framework = tmp_path / "fw.yaml"
    framework.write_text(f"id: t\nname: 测试\ntotal: 10\nindicators:\n  - name: 一级\n    weight: 10\n    children:\n"
                         f"      - {{name: 指标, weight: 10, rule: {rule}}}\n", encoding="utf-8")
    facts = tmp_path / "facts.yaml"
    facts.write_text(f"department: 测试\nyear: 2021\nframework: {framework}\nfigures:\n  {figure}\n", encoding="utf-8")
    code, _, err = cli("evaluate", facts)
    assert code == 2 and "fw.yaml，第 8 行" in err, err
    return err
