"""Issue 13 §5 and issue 14: messages in Chinese, naming the user's file and place."""
from __future__ import annotations

import re

import pytest

from conftest import DAPENG

# ASCII words a Chinese message may still contain: formats, product names, option names.
ALLOWED = {"jixiao", "publish", "yaml", "yml", "xlsx", "docx", "pdf", "json", "libreoffice", "writer", "excel", "wps", "inf", "nan",
           "help", "out", "framework", "output", "nope", "files", "true", "false", "shenzhen", "office", "utf", "department",
           "template", "evaluate", "check", "summary", "ingest", "frameworks", "show", "export", "cpu", "serve", "org", "push", "round", "backup", "restore", "monitor", "remind", "cron", "systemd"}


def english_words(text: str, *paths) -> list[str]:
    for path in paths:
        text = text.replace(str(path), "")
    text = re.sub(r"--?[a-z][\w-]*", "", text)  # option names
    text = re.sub(r"字段“[^”]*”", "", text)  # the file's own keys, as the user wrote them
    return [w for w in re.findall(r"[A-Za-z]{3,}", text) if w.lower() not in ALLOWED]


@pytest.mark.parametrize("args, words", [
    (("summary",), "缺少参数"),
    (("evaluate", "--nope", "x.yaml"), "没有选项 --nope"),
    (("evaluate", "x.yaml", "--out"), "选项 --out 后面需要一个值"),
    (("evaluate", "a.yaml", "b.yaml"), "多余的参数：b.yaml"),
    (("no-such-command",), "没有“no-such-command”这个命令"),
    (("template", "-o", "x.xlsx"), "缺少选项"),
])
def test_usage_errors_in_chinese(cli, args, words):
    code, stdout, err = cli(*args)
    assert code == 2 and words in err
    assert "用法：jixiao" in err and not english_words(err + stdout), english_words(err + stdout)


@pytest.mark.parametrize("args", [("--help",), ("evaluate", "--help"), ("summary", "--help"), ("frameworks", "--help")])
def test_help_in_chinese(cli, args):
    code, stdout, _ = cli(*args)
    assert code == 0 and "显示此帮助并退出" in stdout and "用法：" in stdout
    assert not english_words(stdout), english_words(stdout)


def _variant(tmp_path, old: str, new: str):
    path = tmp_path / "facts.yaml"
    text = DAPENG.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new, words", [
    ("department: 深圳市大鹏新区政务服务数据管理局", "department: ''", "字段“department”：不能为空"),
    ("stated_total: 93.76", "stated_total: .inf", "不接受数值“.inf”"),
    ("stated_total: 93.76", "stated_total: 1e400", "分数过大"),
    ("stated_total: 93.76", "stated_total: " + "9" * 1000, "分数过大"),
    ("实际支出: 7606.15", "实际支出: " + "9" * 1000, "数值过大"),
    ("year: 2021", "year: [1, 2]", "应为整数"),
    ("figures:", "figures: [1]\nx:", "应为映射"),
    # YAML's true was shown as Python's True (campaign 2).
    # A list where the framework's id belongs was reported as a missing field (campaign 2).
    ("framework: shenzhen-2019", "framework: [a]", "第 5 行，字段“framework”：framework 应为一个指标体系编号或文件路径"),
    ("  满意度: 99.91%", "  满意度: true", "数据项“满意度”：应为数值，实际为“true”（是/否）"),
])
def test_bad_values_get_chinese_messages_with_their_place(cli, tmp_path, old, new, words):
    path = _variant(tmp_path, old, new)
    code, _, err = cli("evaluate", path)
    assert code == 2 and words in err and str(path) in err
    assert not english_words(err, path), english_words(err, path)


@pytest.mark.parametrize("make, words", [
    (lambda p: p.symlink_to(p), "符号链接层数过多"),  # ELOOP, "Too many levels of symbolic links"
    (lambda p: p.mkdir(), "这是一个目录"),  # EISDIR
    (lambda p: None, "文件不存在"),  # ENOENT
])
def test_os_errors_in_chinese(cli, tmp_path, make, words):
    path = tmp_path / "f.yaml"
    make(path)
    code, _, err = cli("summary", path, "-o", tmp_path / "s.xlsx")
    assert code == 2 and words in err and str(path) in err and "Traceback" not in err
    assert not english_words(err, tmp_path), english_words(err, tmp_path)


def test_division_by_zero_names_the_zero(cli, tmp_path):
    # It named line 3 (the top of the file) rather than the figure that is zero (campaign 2).
    path = _variant(tmp_path, "  核定编制: 24", "  核定编制: 0")
    code, _, err = cli("evaluate", path)
    assert code == 2 and "facts.yaml，第 46 行，字段“figures.核定编制”：无法计算财政供养人员控制率：公式“在编人数 ÷ 核定编制”计算时除数为零" in err


def test_division_by_zero_is_one_message(cli, tmp_path):
    # Campaign 2 leftover: a second “缺少数据“政府采购执行率”（figures.政府采购执行率）” followed the first.
    path = _variant(tmp_path, "  政府采购预算: 635.3", "  政府采购预算: 0")
    code, _, err = cli("evaluate", path)
    lines = [line for line in err.splitlines() if "✗" in line]
    assert code == 2 and len(lines) == 1, err
    assert "第 19 行，字段“figures.政府采购预算”：无法计算政府采购执行率：公式“实际采购金额 ÷ 政府采购预算”计算时除数为零" in lines[0]
