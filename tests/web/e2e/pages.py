"""What a person does on the jixiao pages, step by step, for the browser test and the screenshots.

Fields are found by their form names, which are the addresses in the facts mapping that a YAML file
also uses ("figures|年初预算", "rows|部门绩效/效率性/项目完成及时性|score"); buttons by their Chinese text.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .harness import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[3]
DAPENG = ROOT / "examples" / "dapeng-2021.yaml"
SEP = "|"
# Typed by the unit on the page; stated_score (报告所列得分) is what a published report said, not an input here.
ROW_FIELDS = ("unmet", "score", "basis", "reason", "improvement")
SAVE_URL = re.compile(r"/save/?$")


def sign_in(context, username: str):
    """A new page of the context, signed in as a demo account."""
    page = context.new_page()
    page.goto("/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    if page.locator("input[name=password]").count():
        raise AssertionError(f"{username} 未能登录：{page.locator('body').inner_text()[:500]}")
    return page


def dapeng_fields() -> list[tuple[str, str]]:
    """(form name, text) for every figure and row entry of examples/dapeng-2021.yaml, in file order."""
    from jixiao.loaders.frameworks import load_framework

    raw = yaml.safe_load(DAPENG.read_text(encoding="utf-8"))
    framework = load_framework(raw["framework"])
    fields = [(SEP.join(("figures", name)), _text(value)) for name, value in raw["figures"].items()]
    for short, row in raw["rows"].items():
        ((path, _node),) = framework.resolve(short)
        base = SEP.join(("rows", "/".join(path)))
        fields += [(SEP.join((base, name)), _text(row[name])) for name in ROW_FIELDS if name in row]
        for part, entries in (row.get("parts") or {}).items():
            fields += [(SEP.join((base, "parts", part, name)), _text(entries[name])) for name in ROW_FIELDS if name in entries]
    return fields


def _text(value) -> str:
    """What a person types: lists as "3,4", numbers as written in the file."""
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return str(value)


def open_submission(page, unit_name: str | None = None):
    """From the home page (the rounds and their submissions) to one submission's page."""
    page.goto("/")
    link = page.get_by_role("link", name=re.compile(unit_name)) if unit_name else page.get_by_role("link", name=re.compile("填报"))
    link.first.click()
    page.wait_for_load_state()
    return page


def type_field(page, name: str, text: str) -> None:
    """Types into one field and leaves it, waiting for the live re-scoring answer (htmx, no reload)."""
    field = page.locator(f'[name="{name}"]')
    with page.expect_response(lambda response: SAVE_URL.search(response.url) is not None):
        field.fill(text)
        field.blur()


def fill(page, fields: list[tuple[str, str]]) -> None:
    for name, text in fields:
        type_field(page, name, text)


def total_and_grade(page) -> tuple[str, str]:
    return page.locator("#total").inner_text().strip(), page.locator("#grade").inner_text().strip()


def explain_warnings(page, text: str) -> int:
    """Writes the explanation every listed warning needs before submitting; returns how many."""
    count = 0
    while True:
        empty = page.locator("form[action$='/explain/'] textarea[name=text]:text-is('')")
        if empty.count() == 0:
            return count
        form = empty.first.locator("xpath=ancestor::form")
        empty.first.fill(text)
        form.get_by_role("button", name="保存").click()
        page.wait_for_load_state()
        count += 1


def upload_evidence(page, path: Path) -> None:
    page.locator("input[type=file][name=file]").last.set_input_files(str(path))
    page.get_by_role("button", name="上传").last.click()
    page.wait_for_load_state()


def click_and_load(page, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).first.click()
    page.wait_for_load_state()


def flash(page) -> str:
    """The messages shown at the top after an action."""
    return page.locator(".messages, [role=alert], [role=status]").all_inner_texts()


def minimal_pdf() -> bytes:
    """A one-page PDF with a valid cross-reference table, small enough to write here."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
