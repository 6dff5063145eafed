"""`jixiao push` against a live server started in the test (pytest-django's live_server, 127.0.0.1 only):
facts YAML, a filled 填报表 and a published report go into the round by department name, each with its result."""
from __future__ import annotations

import shutil

import pytest

from conftest import ROOT
from web.dapeng import corrected_dapeng

pytestmark = pytest.mark.web
REPORT = ROOT / "tests" / "fixtures" / "reports" / "003_1c9126a573ba6f31.txt"  # a copy: a clone has no shared/ beside it
DAPENG_NAME = "深圳市大鹏新区政务服务数据管理局"


@pytest.fixture
def server(live_server):
    assert live_server.url.startswith("http://127.0.0.1:")
    return live_server.url


@pytest.fixture
def wide(monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")  # the result table on one line per file


@pytest.fixture
def report_unit(demo):
    """A unit named as report 003's department, under zgbm1's 主管部门, with a draft in the round."""
    from jixiao.web.orgs.models import Organisation
    from jixiao.web.rounds import scoring
    from jixiao.web.rounds.models import Submission

    department = Organisation.objects.get(name="演示市政务服务数据管理局")
    unit = Organisation.objects.create(name=DAPENG_NAME, kind=Organisation.UNIT, parent=department)
    return Submission.objects.create(round=demo, unit=unit, facts=scoring.new_draft(unit.name, 2021, "shenzhen-2019"))


def _folder(tmp_path, own_submission):
    from jixiao.loaders.frameworks import load_framework
    from jixiao.render.template_xlsx import write_template
    from xlsx_fill import fill_template

    folder = tmp_path / "上报"
    folder.mkdir()
    (folder / "本级.yaml").write_bytes(corrected_dapeng(own_submission.unit.name))
    source = tmp_path / "中心.yaml"
    source.write_bytes(corrected_dapeng("演示市政务服务中心"))
    blank = tmp_path / "空白.xlsx"
    write_template(load_framework("shenzhen-2019"), blank)
    fill_template(blank, source, folder / "中心-填报表.xlsx")
    shutil.copy(REPORT, folder / "大鹏报告.txt")
    (folder / "无此单位.yaml").write_bytes(corrected_dapeng("不存在的单位"))
    (folder / "有误.yaml").write_text("department: 演示市第一中学\nyear: 2021\nframework: shenzhen-2019\nfigures:\n  年初预算: 一百\n", encoding="utf-8")
    return folder


def _line(out: str, name: str) -> str:
    return next(line for line in out.splitlines() if name in line)


def test_push_a_folder_as_the_department(cli, server, tokens, own_submission, report_unit, tmp_path, wide):
    from jixiao.web.rounds.models import HistoryEntry, Submission

    folder = _folder(tmp_path, own_submission)
    code, out, _err = cli("push", folder, "--server", server, "--token", tokens["reviewer_own"], "--timeout", "120")
    assert code == 1  # some failed
    assert "3 份成功，2 份失败" in out
    assert "成功" in _line(out, "本级.yaml") and "总分 93.76（优）" in _line(out, "本级.yaml")
    assert "成功" in _line(out, "中心-填报表.xlsx") and "演示市政务服务中心" in _line(out, "中心-填报表.xlsx")
    assert "成功" in _line(out, "大鹏报告.txt") and DAPENG_NAME in _line(out, "大鹏报告.txt")
    assert "部门“不存在的单位”不是本批次中您可见的单位" in _line(out, "无此单位.yaml")
    # 演示市第一中学 belongs to the other 主管部门: zgbm1 does not see it, so it does not match either.
    assert "不是本批次中您可见的单位" in _line(out, "有误.yaml")
    own_submission.refresh_from_db()
    assert own_submission.version == 2 and own_submission.facts["figures"]["总资产"] == "9899.86"
    centre = Submission.objects.get(unit__name="演示市政务服务中心")
    assert centre.facts["figures"]["年初预算"] == "5281.87"
    report_unit.refresh_from_db()
    assert report_unit.version == 2 and report_unit.facts["stated_total"] == "93.76"
    uploads = HistoryEntry.objects.filter(action=HistoryEntry.UPLOAD, user__username="zgbm1").count()
    assert uploads == 3


def test_push_refused_facts_show_their_located_problem(cli, server, tokens, tmp_path, wide, demo):
    bad = tmp_path / "有误.yaml"
    bad.write_text("department: 演示市第一中学\nyear: 2021\nframework: shenzhen-2019\nfigures:\n  年初预算: 一百\n", encoding="utf-8")
    code, out, _err = cli("push", bad, "--server", server, "--token", tokens["reviewer_foreign"])
    assert code == 1
    assert "部门数据有误，未保存：第 5 行，figures · 年初预算：数据项“年初预算”：应为金额，实际为“一百”" in _line(out, "有误.yaml")


def test_push_one_file_all_ok_and_a_stale_copy_is_not_overwritten(cli, server, tokens, own_submission, tmp_path, wide):
    path = tmp_path / "本级.yaml"
    path.write_bytes(corrected_dapeng(own_submission.unit.name))
    code, out, _err = cli("push", path, "--server", server, "--token", tokens["filler_own"], "--round", own_submission.round_id)
    assert code == 0 and "1 份成功，0 份失败" in out
    own_submission.refresh_from_db()
    assert own_submission.version == 2


def test_two_files_for_one_unit_send_neither(cli, server, tokens, own_submission, tmp_path, wide):
    """A batch with two files naming the same department: the second must not silently replace the first."""
    from jixiao.web.rounds.models import Submission

    folder = tmp_path / "上报"
    folder.mkdir()
    (folder / "本级.yaml").write_bytes(corrected_dapeng(own_submission.unit.name))
    (folder / "本级-修订.yaml").write_bytes(corrected_dapeng(own_submission.unit.name))
    (folder / "中心.yaml").write_bytes(corrected_dapeng("演示市政务服务中心"))
    code, out, _err = cli("push", folder, "--server", server, "--token", tokens["reviewer_own"])
    assert code == 1 and "1 份成功，2 份失败" in out
    assert "与 本级.yaml 对应同一单位，均未导入" in _line(out, "本级-修订.yaml")
    assert "与 本级-修订.yaml 对应同一单位，均未导入" in _line(out, "│ 本级.yaml ")
    own_submission.refresh_from_db()
    assert own_submission.version == 1  # untouched: neither copy was sent
    assert Submission.objects.get(unit__name="演示市政务服务中心").version == 2


@pytest.mark.parametrize(
    "args,message",
    [
        (("--server", "ftp://127.0.0.1", "--token", "x"), "--server 应为 http:// 或 https:// 开头的地址"),
        (("--server", "{server}", "--token", "jx_000000000000_wrong"), "令牌无效或已撤销"),
        (("--server", "{server}", "--token", "{token}", "--round", "999"), "没有您可见的评价批次 999"),
        (("--server", "http://127.0.0.1:9", "--token", "x", "--timeout", "5"), "无法连接服务器"),
    ],
)
def test_bad_arguments_exit_2(cli, server, tokens, tmp_path, args, message, demo):
    path = tmp_path / "a.yaml"
    path.write_text("department: x\n", encoding="utf-8")
    filled = [a.format(server=server, token=tokens["reviewer_own"]) for a in args]
    code, _out, err = cli("push", path, *filled)
    assert code == 2 and message in err


def test_missing_file_exits_2(cli, tmp_path, server):
    code, _out, err = cli("push", tmp_path / "无.yaml", "--server", server, "--token", "x")
    assert code == 2 and "文件或目录不存在" in err
