"""What a person does on the jixiao pages, step by step, for the browser test and the screenshots.

Fields are found by their form names, which are the addresses in the facts mapping that a YAML file
also uses ("figures|年初预算", "rows|部门绩效/效率性/项目完成及时性|score"); buttons and links by their
Chinese text; the pages and their ids are listed in docs/web.md.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs

from playwright.sync_api import expect

from .harness import DEMO_PASSWORD, STEP_TIMEOUT_MS

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


def sign_in_by_request(context, username: str, password: str = DEMO_PASSWORD):
    """A new page of the context, signed in by posting the login form from the context's own request client
    (it shares the context's cookies): for the steps that are not about logging in, without loading the page."""
    context.request.get("/accounts/login/")  # the CSRF cookie
    token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    answer = context.request.post("/accounts/login/", form={"username": username, "password": password, "csrfmiddlewaretoken": token}, max_redirects=0)
    if answer.status != 302:
        raise AssertionError(f"{username} 未能登录（{answer.status}）")
    return context.new_page()


def dapeng_fields() -> list[tuple[str, str]]:
    """(form name, text) of what a person types for the 大鹏 2021 example (docs/web.md, tests/web/dapeng.py)."""
    from ..dapeng import dapeng_typing

    # A list is one item a line in the mapping; in the one-line box a person types "3,4", as its hint says.
    return [(name, text.replace("\n", ",") if name.endswith("|unmet") else text) for name, text in dapeng_typing().items()]


def open_submission(page, unit: str | None = None):
    """From the home page's list of visible submissions to the unit's (or the first); returns the unit's name."""
    page.goto("/")
    links = page.locator("section:has(h2:text-is('我可见的填报')) tbody a")
    (links.filter(has_text=unit) if unit else links).first.click()
    page.wait_for_load_state()
    return page.locator("h1").inner_text().split(" · ")[0].strip()


def type_field(page, name: str, text: str) -> None:
    """Types into one field and leaves it; waits for the save that carries it (htmx re-scores, no reload)."""
    field = page.locator(f'[name="{name}"]')

    def carries_it(response) -> bool:
        if SAVE_URL.search(response.url) is None:
            return False
        sent = parse_qs(response.request.post_data or "", keep_blank_values=True).get(name, [None])[0]
        return sent is not None and sent.replace("\r\n", "\n") == text

    with page.expect_response(carries_it):
        field.fill(text)
        field.blur()


def fill(page, fields: list[tuple[str, str]]) -> None:
    for name, text in fields:
        type_field(page, name, text)


def expect_total(page, total: str, grade: str) -> None:
    """The score bar shows this total and grade (waiting for the last live update to be swapped in)."""
    expect(page.locator("#total")).to_have_text(total, timeout=STEP_TIMEOUT_MS)
    expect(page.locator("#grade")).to_have_text(grade, timeout=STEP_TIMEOUT_MS)


def row_score(page, name: str):
    """The live score of the row with this 三级指标 name (a locator, for expect)."""
    return page.locator(f"article.row:has(span.name:text-is('{name}')) .row-head .score")


def explain_warnings(page, text: str) -> int:
    """Writes the explanation each listed warning needs before submitting; returns how many were written.

    Each 保存说明 saves in place (htmx): the page is not reloaded and stays where it was scrolled to, which is checked.
    """
    page.evaluate("window.explainNotReloaded = true")
    forms = page.locator("#explanations form.explain")
    written = 0
    for index in range(forms.count()):
        form = forms.nth(index)
        box = form.locator("textarea[name=text]")
        if box.input_value().strip():
            continue
        box.fill(text)
        button = form.get_by_role("button", name="保存说明")
        button.scroll_into_view_if_needed()  # so that the click itself does not scroll
        # Where the box is on the screen: the page may change above it (the 待处理 list), the browser keeps it in view.
        assert page.evaluate("window.scrollY") > 0  # far down the page: a reload would jump back to the top
        seen = box.bounding_box()["y"]
        button.click()
        expect(form.locator(".x-state")).to_have_text("已说明", timeout=STEP_TIMEOUT_MS)
        assert abs(box.bounding_box()["y"] - seen) <= 2, f"保存说明后页面位置变了：{seen} → {box.bounding_box()['y']}，scrollY {page.evaluate('window.scrollY')}"
        written += 1
    assert page.evaluate("window.explainNotReloaded === true"), "保存说明时页面被重新载入"
    return written


def upload_evidence(page, path: Path, row: str = "") -> None:
    """Attaches a file to one row (its path) or, with no row, to the whole submission."""
    page.locator("#evidence-file").set_input_files(str(path))
    page.locator("#evidence-row").select_option(row)
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


def open_round(page) -> None:
    """Home → the (only) open round's page."""
    page.goto("/")
    page.locator("section:has(h2:text-is('评价批次')) tbody a").first.click()
    page.wait_for_load_state()


def open_department(page) -> None:
    """A 主管部门's page for the current round: home → the round → its department."""
    open_round(page)
    page.locator("section:has(h2:text-is('主管部门')) tbody a").first.click()
    page.wait_for_load_state()


def review_row(page, path: str, score: str, reason: str) -> None:
    """On the review page: one row's 复核得分 with its reason, saved in place (htmx), the page kept where it was."""
    form = page.locator(f"form:has(input[name=path][value='{path}'])")
    form.locator("input[name=score]").fill(score)
    form.locator("input[name=reason]").fill(reason)
    page.evaluate("window.reviewNotReloaded = true")
    assert page.evaluate("window.scrollY") > 0  # the row is down the table: a reload would jump back to the top
    form.get_by_role("button", name="保存复核").scroll_into_view_if_needed()  # so that the click itself does not scroll
    seen = form.bounding_box()["y"]  # the row's form on the screen; the answer swaps the row, the locator finds the new one
    with page.expect_response(lambda response: "/review/score/" in response.url):
        form.get_by_role("button", name="保存复核").click()
    expect(page.locator("#save-status")).to_contain_text("复核得分已保存", timeout=STEP_TIMEOUT_MS)
    assert page.evaluate("window.reviewNotReloaded === true"), "保存复核时页面被重新载入"
    assert abs(form.bounding_box()["y"] - seen) <= 2, "保存复核后页面位置变了"


def approve(page) -> None:
    """On the review page: 审核通过, after ticking its 确认 box."""
    page.locator("#approve-confirm").check()
    press(page, "审核通过")


def return_with(page, comment: str) -> None:
    """On the review page: 退回 with the reviewer's comment."""
    page.locator("#return-comment").fill(comment)
    press(page, "退回")


def correct_and_submit_prefilled(page) -> None:
    """A unit whose draft seed_demo filled with the report's own figures corrects its two slips and submits.

    The report states “三公”经费控制率 33.51 % where 3.49 / 10.42 is 33.49 % (left empty, it is computed), and
    总资产 9,909.86 万元 where its classes add up to 9,899.86: both are errors that block submitting.
    """
    type_field(page, "figures|三公经费控制率", "")
    type_field(page, "figures|总资产", "9899.86")
    expect_total(page, "93.76", "优")
    explain_warnings(page, "已在报告“存在的问题”中说明。")
    press(page, "提交")


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
