"""Batch commands over a folder: every department done, a bad file named with its reason, nothing half-written."""
import shutil

from openpyxl import load_workbook

from conftest import DAPENG, GUANGZHOU


def folder_with_a_broken_file(tmp_path):
    folder = tmp_path / "departments"
    folder.mkdir()
    shutil.copy(DAPENG, folder / "dapeng.yaml")
    shutil.copy(GUANGZHOU, folder / "guangzhou.yaml")
    (folder / "broken.yaml").write_text("department: 坏数据\nyear: 2021\nframework: shenzhen-2019\nfigures: {满意度: 很高}\n", encoding="utf-8")
    return folder


def test_evaluate_folder_two_good_one_broken(cli, tmp_path):
    folder = folder_with_a_broken_file(tmp_path)
    out = tmp_path / "out"
    code, stdout, _ = cli("evaluate", folder, "--out", out, "--docs")
    assert code == 1  # one failed
    assert "已评分 2 个单位" in stdout and "broken.yaml" in stdout and "figures.满意度" in stdout
    assert sorted(p.name for p in out.iterdir()) == ["dapeng", "guangzhou", "失败清单.txt", "汇总表.xlsx"]
    for name in ("dapeng", "guangzhou"):
        assert sorted(p.name for p in (out / name).iterdir()) == ["自评报告.docx", "评分表.xlsx"]
    assert not list(out.rglob(".jixiao-*"))  # no temporary left behind
    assert "broken.yaml" in (out / "失败清单.txt").read_text(encoding="utf-8")
    summary = load_workbook(out / "汇总表.xlsx")["汇总表"]
    assert [summary.cell(row=r, column=6).value for r in (3, 4)] == [93.76, 94.36]


def test_check_folder(cli, tmp_path):
    folder = folder_with_a_broken_file(tmp_path)
    code, stdout, _ = cli("check", folder)
    assert code == 1
    assert "broken.yaml：无法读取" in stdout
    assert "dapeng.yaml：深圳市大鹏新区政务服务数据管理局，错误 2 项" in stdout


def test_evaluate_folder_all_good(cli, tmp_path):
    folder = tmp_path / "ok"
    folder.mkdir()
    shutil.copy(DAPENG, folder / "a.yaml")
    code, stdout, _ = cli("evaluate", folder, "--out", tmp_path / "out")
    assert code == 0 and "失败 0 个" in stdout
