"""On the two shared reports, the checks find exactly the slips a careful reviewer finds."""
from conftest import DAPENG, GUANGZHOU, JIANGXI_DEMO
from jixiao.review import review_file


def found(path):
    _facts, _framework, result = review_file(path)
    return {(f.severity, f.code, "/".join(f.path) or f.where.field) for f in result.findings}, result


def test_guangzhou_2021_exact_findings():
    findings, result = found(GUANGZHOU)
    assert findings == {
        # 管理效能 42.15 + 履职效能 49.70 + 加减分 2.5 = 94.35, stated 94.65 (jixiao: 94.36)
        ("error", "stated-total-sum", "stated_total"),
        # 在用资产原值 197,823,733.30 > 资产原值 197,273,890.80
        ("error", "part-above-whole", "figures.在用固定资产原值"),
        # 利用率 stated 99.72% = 197,273,890.80 / 197,823,733.30, inverted; recomputed 100.28%
        ("error", "stated-rate", "figures.固定资产利用率"),
        # 99.89% × 2 = 2.00, stated 1.99
        ("warning", "stated-score", "管理效能/资金管理/预算完成率"),
        # lost points the report leaves unexplained
        ("warning", "lost-points-without-reason", "管理效能/资金管理/结转结余率"),
        ("warning", "lost-points-without-reason", "管理效能/绩效管理/绩效目标完成率"),
        ("warning", "lost-points-without-reason", "管理效能/采购管理/政府采购执行率"),
        # the evaluator's 2.66 where the proportional rule gives 2.93
        ("info", "judged-override", "履职效能/部门整体绩效目标/热线每月接通率"),
    }
    total = next(f for f in result.findings if f.code == "stated-total-sum")
    assert "94.65" in total.message and "94.35" in total.message and "94.36" in total.message


def test_dapeng_2021_exact_findings():
    findings, result = found(DAPENG)
    assert findings == {
        # 720.75 + 774.27 + 8,335.33 + 69.51 = 9,899.86 万元, 总资产 stated 9,909.86
        ("error", "parts-sum", "figures.总资产"),
        # 3.49 / 10.42 = 33.49%, stated 33.51%
        ("error", "stated-rate", "figures.三公经费控制率"),
        # 5 of 6 and 18 of 20 with no 未达标原因 or 改进措施 in the report
        ("warning", "lost-points-without-reason", "部门绩效/经济性/公用经费控制率"),
        ("warning", "lost-points-without-reason", "部门绩效/效果性/社会效益、经济效益、生态效益及可持续影响等"),
        # the report gives no 编外人员 count: the department's own 1 is used
        ("info", "judged-override", "部门管理/人员管理/编外人员控制率"),
    }
    assets = next(f for f in result.findings if f.code == "parts-sum")
    assert "9,899.86 万元" in assets.message and "9,909.86 万元" in assets.message
    assert assets.where.line is not None


def test_jiangxi_demo_has_no_errors():
    findings, result = found(JIANGXI_DEMO)
    assert not result.has_errors
    assert findings == {("info", "judged-override", "管理指标/部门预算管理/支出规范性及巡视、审计、绩效评价结果等")}


def test_check_command_exit_status(cli):
    code, out, _ = cli("check", GUANGZHOU)
    assert code == 1 and "错误（3）" in out and "stated-total-sum" in out
    code, out, _ = cli("check", JIANGXI_DEMO)
    assert code == 0
    code, out, _ = cli("check", GUANGZHOU, "--json")
    import json

    listing = json.loads(out)
    assert {item["code"] for item in listing} >= {"stated-total-sum", "part-above-whole"}
    assert all({"severity", "code", "message", "where"} <= set(item) for item in listing)


def test_check_command_unreadable_input(cli, tmp_path):
    broken = tmp_path / "x.yaml"
    broken.write_text("department: [\n", encoding="utf-8")
    code, _, err = cli("check", broken)
    assert code == 2 and "YAML 格式错误" in err
