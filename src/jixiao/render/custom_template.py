"""A user's .docx report template (Jinja placeholders via docxtpl), rendered within limits.

The template is the user's code: beyond Jinja's sandbox (no attributes of Python internals),
arithmetic is bounded (`10**10**8`, `"x" * 10**9`), and the rendering runs in a child process
with a wall-clock timeout, a CPU limit and a memory limit, so a huge loop or a memory bomb
ends in a clear refusal instead of a hung or exhausted machine. Nothing is written if it fails.
"""
from __future__ import annotations

import multiprocessing
import operator
import re
import resource
from pathlib import Path

from jixiao.loaders.input_file import check_package
from jixiao.loaders.problems import InputError, Problem
from jixiao.model.result import Where
from jixiao.render.report_content import ReportContent
from jixiao.render.xml_text import xml_safe_tree

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
MAX_TEMPLATE_XML = 30 * 1024 * 1024
MAX_OUTPUT_BYTES = 50 * 1024 * 1024
RENDER_SECONDS = 10
RENDER_MEMORY = 350 * 1024 * 1024  # beyond what the process already uses: about 500 MB in all
MAX_EXPONENT = 100
MAX_SEQUENCE = 100_000  # characters or items a repetition may make


class _TemplateLimit(Exception):
    """Raised inside the sandbox; its message is for end users."""


def _sandbox():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    class BoundedEnvironment(SandboxedEnvironment):
        intercepted_binops = frozenset(["**", "*"])
        MAX_RANGE = 10_000

        def call_binop(self, context, op, left, right):
            if op == "**":
                if isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
                    raise _TemplateLimit(f"模板中的乘方指数过大（上限 {MAX_EXPONENT}）")
                return operator.pow(left, right)
            if op == "*":
                for sequence, count in ((left, right), (right, left)):
                    if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) and len(sequence) * count > MAX_SEQUENCE:
                        raise _TemplateLimit(f"模板中的重复结果过长（上限 {MAX_SEQUENCE:,}）")
                return operator.mul(left, right)
            return super().call_binop(context, op, left, right)

    # A misspelt placeholder is an error naming it, not an empty gap in the report.
    return BoundedEnvironment(autoescape=True, undefined=StrictUndefined)


def _render(template: Path, context: dict, output: Path) -> str | None:
    """Render in this process; returns a message for the user when the template cannot be used."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    try:
        document = DocxTemplate(str(template))
        document.render(context, jinja_env=_sandbox())
        document.save(str(output))
    except _TemplateLimit as error:
        return str(error)
    except TemplateError as error:
        return f"报告模板有误：{_template_problem(error)}"
    except (MemoryError, RecursionError):
        return "渲染报告模板所需内存超过上限，已停止"
    except Exception as error:  # noqa: BLE001 - a broken .docx or a failing expression raises many kinds
        return "无法使用报告模板：请提供含占位符的 .docx 文件，并检查其中的表达式"
    if output.stat().st_size > MAX_OUTPUT_BYTES:
        output.unlink()
        return f"按模板生成的报告过大（超过 {MAX_OUTPUT_BYTES // 2**20} MB），已停止"
    return None


def _template_problem(error) -> str:
    """Jinja's errors, in Chinese (its own messages are English)."""
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    if isinstance(error, SecurityError):
        return "模板访问了不允许的内部属性或函数（模板在沙箱中渲染）"
    if isinstance(error, UndefinedError):
        name = re.search(r"'([^']+)' is undefined", str(error))
        return f"模板使用了未定义的变量“{name.group(1)}”" if name else "模板使用了未定义的变量或属性"
    if isinstance(error, TemplateSyntaxError):
        return f"占位符写法有误（{{{{ }}}} 与 {{% %}} 须成对且写法正确），约在第 {error.lineno} 行"
    return "模板无法渲染"


def _child(template: Path, context: dict, output: Path, pipe) -> None:
    try:
        limit = _address_space() + RENDER_MEMORY
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
        resource.setrlimit(resource.RLIMIT_CPU, (RENDER_SECONDS, RENDER_SECONDS + 5))
    except (ValueError, OSError):
        pass  # limits that cannot be set leave the wall-clock timeout
    pipe.send(_render(template, context, output))
    pipe.close()


def _address_space() -> int:
    """This process's virtual size now: the memory limit is counted on top of it."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * resource.getpagesize()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 + 256 * 1024 * 1024


def check_template(template: Path) -> None:
    """A regular .docx file within bounds; raises InputError naming it otherwise."""
    check_package(template, MAX_TEMPLATE_BYTES, MAX_TEMPLATE_XML, ".docx")


def render_template(template: Path, content: ReportContent, output: Path) -> None:
    """Render the user's template to output, or raise InputError naming the template."""
    check_template(template)
    where = Where(str(template))
    processes = multiprocessing.get_context("fork")  # the child inherits the content; nothing to pickle
    receive, send = processes.Pipe(duplex=False)
    child = processes.Process(target=_child, args=(template, xml_safe_tree(content.as_context()), output, send), daemon=True)
    child.start()
    send.close()
    message = None
    if receive.poll(RENDER_SECONDS):
        try:
            message = receive.recv()
        except EOFError:
            message = "渲染报告模板时超出内存或时间上限，已停止"
    else:
        message = f"渲染报告模板超过 {RENDER_SECONDS} 秒，已停止（模板中可能有过大的循环）"
    child.kill()
    child.join()
    receive.close()
    if message is not None:
        output.unlink(missing_ok=True)
        raise InputError([Problem(where, message)])
