"""A benchmark script's own section of bench/results.md, replaced in place between its markers."""
from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"


def machine_line() -> str:
    """Date, commit, CPU and load: what a reader needs to reproduce a figure."""
    with open("/proc/cpuinfo", encoding="utf-8") as cpu:
        model = next((line.split(":", 1)[1].strip() for line in cpu if line.startswith("model name")), "")
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=RESULTS.parent, check=False).stdout.strip()
    except OSError:
        commit = ""
    load = "、".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{time.strftime('%Y-%m-%d')}，提交 {commit or '未知'}，{os.cpu_count()} 核 {model}，系统负载（1/5/15 分钟）{load}"


def replace_section(tag: str, body: str) -> None:
    begin, end = f"<!-- {tag} -->", f"<!-- /{tag} -->"
    block = f"{begin}\n{body.rstrip()}\n{end}"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")


class Report(list):
    """A bench's result lines: each printed as it is measured and kept for the bench's section."""

    def __call__(self, text: str) -> None:
        print(text, flush=True)
        self.append(f"- {text}")


def replace_web_section(tag: str, heading: str, script: str, database: str, data: str, lines: list[str]) -> None:
    """A web bench's section, one per database: heading, machine and load, what the data were, the lines."""
    body = (
        f"## {heading}（{database}，{script}）\n\n{machine_line()}：负载高于核数时其他进程在争用 CPU，时间偏长。测试客户端（无并发）。\n{data}\n\n"
    ) + "\n".join(lines)
    replace_section(f"{tag}:{database}", body)
