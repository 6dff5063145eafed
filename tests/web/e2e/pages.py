"""What a person does on the jixiao pages, step by step, for the browser test and the screenshots.

Fields are found by their form names, which are the addresses in the facts mapping that a YAML file
also uses ("figures|年初预算", "rows|部门绩效/效率性/项目完成及时性|score"); buttons by their Chinese text.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

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


def open_own_submission(page):
    """From the home page's list of visible submissions to the first one; returns the unit's name."""
    page.goto("/")
    page.locator("section:has(h2:text-is('我可见的填报')) tbody a").first.click()
    page.wait_for_load_state()
    return page.locator("h1").inner_text().split(" · ")[0].strip()


def type_field(page, name: str, text: str) -> None:
    """Types into one field and leaves it; waits for the save that carries it (htmx re-scores, no reload)."""
    field = page.locator(f'[name="{name}"]')
    encoded = urlencode({name: text})
    with page.expect_response(lambda r: SAVE_URL.search(r.url) is not None and encoded in (r.request.post_data or "")):
        field.fill(text)
        field.blur()


def fill(page, fields: list[tuple[str, str]]) -> None:
    for name, text in fields:
        type_field(page, name, text)


def total_and_grade(page) -> tuple[str, str]:
    return page.locator("#total").inner_text().strip(), page.locator("#grade").inner_text().strip()


def row_score(page, name: str) -> str:
    return page.locator(f"article.row:has(span.name:text-is('{name}')) .row-head .score").inner_text().strip()


def explain_warnings(page, text: str) -> int:
    """Writes the explanation each listed warning needs before submitting (each save reloads); returns how many."""
    written = 0
    forms = page.locator("form.explain")
    for index in range(forms.count()):
        form = forms.nth(index)
        box = form.locator("textarea[name=text]")
        if box.input_value().strip():
            continue
        box.fill(text)
        form.get_by_role("button", name="保存说明").click()
        page.wait_for_load_state()
        written += 1
    return written


def upload_evidence(page, path: Path) -> None:
    page.locator("#evidence-file").set_input_files(str(path))
    page.locator("#evidence").get_by_role("button", name="上传").click()
    page.wait_for_load_state()


def press(page, button: str) -> None:
    """Clicks a button that posts a form and waits for the page it leads to."""
    page.get_by_role("button", name=button, exact=True).first.click()
    page.wait_for_load_state()


def follow(page, link: str) -> None:
    page.get_by_role("link", name=link, exact=True).first.click()
    page.wait_for_load_state()


def messages(page) -> str:
    """The messages shown at the top after an action, to say why a step did not go through."""
    return " / ".join(page.locator("#messages li").all_inner_texts())


def state(page) -> str:
    """A submission's state as its page shows it (草稿, 已提交, 已退回, 已审核)."""
    return page.locator("#state").inner_text().strip()


def open_department(page) -> None:
    """A 主管部门's page for the current round: home → the round → its department."""
    page.goto("/")
    page.locator("section:has(h2:text-is('评价批次')) tbody a").first.click()
    page.wait_for_load_state()
    page.locator("section:has(h2:text-is('主管部门')) tbody a").first.click()
    page.wait_for_load_state()


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
