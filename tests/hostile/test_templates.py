"""Issue 13 §4: a custom report template is limited in time, size and arithmetic; when it fails
nothing is written, and the message names the template."""
from __future__ import annotations

import time

import pytest
from docx import Document

from conftest import DAPENG


def _template(tmp_path, text: str):
    path = tmp_path / "模板.docx"
    document = Document()
    document.add_paragraph(text)
    document.save(path)
    return path


@pytest.mark.parametrize("text, words", [
    ("{{ 10**(10**8) }}", "乘方指数过大"),  # Jinja reads 10**10**8 as (10**10)**8, which is harmless
    ("{{ 'x' * 10**9 }}", "重复结果过长"),
    ("{{ department * 100000000 }}", "重复结果过长"),
    ("{% for i in range(100000000) %}{{ i }}{% endfor %}", "无法使用报告模板"),  # over the sandbox's range limit
    ("{{ department.__class__.__mro__ }}", "报告模板"),
])
def test_template_arithmetic_and_size_are_bounded(cli, tmp_path, text, words):
    out = tmp_path / "out"
    started = time.monotonic()
    code, _, err = cli("evaluate", DAPENG, "--out", out, "--template", _template(tmp_path, text))
    assert code == 2 and words in err and "模板.docx" in err, err
    assert time.monotonic() - started < 10
    assert not out.exists()


def test_template_loop_is_stopped_by_the_clock(cli, tmp_path, monkeypatch):
    from jixiao.render import custom_template

    monkeypatch.setattr(custom_template, "RENDER_SECONDS", 2)
    loops = "{% for i in range(10000) %}{% for j in range(10000) %}{{ j }}{% endfor %}{% endfor %}"
    out = tmp_path / "out"
    started = time.monotonic()
    code, _, err = cli("evaluate", DAPENG, "--out", out, "--template", _template(tmp_path, loops))
    assert code == 2 and ("超过 2 秒" in err or "上限" in err), err
    assert time.monotonic() - started < 8
    assert not out.exists()


def test_template_that_is_not_a_docx(cli, tmp_path):
    path = tmp_path / "模板.docx"
    path.write_bytes(b"not a zip")
    code, _, err = cli("evaluate", DAPENG, "--out", tmp_path / "out", "--template", path)
    assert code == 2 and "不是有效的 .docx 文件" in err


@pytest.mark.parametrize("text, words", [
    ("{{ department.__class__ }}", "不允许的内部属性"),
    ("{{ no_such_variable.x }}", "未定义的变量“no_such_variable”"),
    ("{% for %}", "占位符写法有误"),
])
def test_template_errors_in_chinese(cli, tmp_path, text, words):
    code, _, err = cli("evaluate", DAPENG, "--out", tmp_path / "out", "--template", _template(tmp_path, text))
    assert code == 2 and words in err, err
