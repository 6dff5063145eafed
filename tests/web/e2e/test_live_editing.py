"""Live editing in a real browser: a bad figure is shown at its field and kept; two windows on one draft lose nothing;
a list field typed as “3,4” comes back as typed after a reload, its score unchanged.

These use drafts that seed_demo pre-filled with the 大鹏 example (93.76 优), so the round-flow test's units are untouched.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from . import pages
from .harness import STEP_TIMEOUT_MS

pytestmark = [pytest.mark.web, pytest.mark.browser]


def field_error(page, name: str):
    return page.locator(f".field:has([name='{name}']) .field-error")


def test_bad_figure_is_shown_at_its_field_and_kept(log_in):
    page = log_in("dw3")
    pages.open_submission(page, "演示市教育局本级")
    pages.expect_total(page, "93.76", "优")
    name = "figures|调整后预算"
    pages.type_field(page, name, "七千六百万")
    expect(field_error(page, name)).to_contain_text("数据项“调整后预算”：应为金额，实际为“七千六百万”", timeout=STEP_TIMEOUT_MS)
    # Without the adjusted budget, the rows scored from it cannot reach full marks.
    expect(page.locator("#total")).not_to_have_text("93.76", timeout=STEP_TIMEOUT_MS)
    assert page.locator(f"[name='{name}']").input_value() == "七千六百万"
    page.reload()  # what was typed was saved as typed, error and all
    assert page.locator(f"[name='{name}']").input_value() == "七千六百万"
    expect(field_error(page, name)).to_contain_text("应为金额")
    pages.type_field(page, name, "7621.05")
    expect(field_error(page, name)).to_have_text("", timeout=STEP_TIMEOUT_MS)
    pages.expect_total(page, "93.76", "优")


def test_second_window_on_a_stale_copy_sees_both_versions(log_in):
    first, second = log_in("dw4"), log_in("dw4")  # the same person in two windows, both loaded at the same version
    for page in (first, second):
        pages.open_submission(page, "演示市第一中学")
    name = "figures|年初预算"
    pages.type_field(first, name, "5300")
    expect(first.locator("#save-status")).to_contain_text("已保存", timeout=STEP_TIMEOUT_MS)
    pages.type_field(second, name, "5400")
    conflict = second.locator("#conflict")
    expect(conflict).to_contain_text("此填报已被他人修改", timeout=STEP_TIMEOUT_MS)
    # Yours (not saved) beside what is saved, on the same row.
    expect(conflict.locator("tr", has_text="年初预算")).to_contain_text("5400")
    expect(conflict.locator("tr", has_text="年初预算")).to_contain_text("5300")
    second.get_by_role("link", name="载入最新版本").click()
    second.wait_for_load_state()
    assert second.locator(f"[name='{name}']").input_value() == "5300"


# dw5's draft, pre-filled with the 大鹏 example: 绩效指标明确性 (7 分 = 2+2+1+1+1) with criteria 3 and 4 unmet scores 5.
# Its one-line input once showed [3, 4] as “3\n4”, which the browser displays (and saves back) as “34”.
UNMET = "rows|部门决策/目标设置/绩效指标明确性|unmet"


def test_unmet_criteria_typed_with_a_comma_survive_save_and_reload(log_in):
    page = log_in("dw5")
    pages.open_submission(page, "演示市第二中学")
    field = page.locator(f'[name="{UNMET}"]')
    assert field.input_value() == "3,4"  # the prefilled [3, 4], as the hint writes them
    pages.expect_total(page, "93.76", "优")
    pages.type_field(page, UNMET, "5")  # criterion 5 (1 分) alone: 7 − 1 = 6, the total one point up
    expect(pages.row_score(page, "绩效指标明确性")).to_have_text("6.00", timeout=STEP_TIMEOUT_MS)
    pages.expect_total(page, "94.76", "优")
    pages.type_field(page, UNMET, "3,4")
    expect(pages.row_score(page, "绩效指标明确性")).to_have_text("5.00", timeout=STEP_TIMEOUT_MS)
    pages.expect_total(page, "93.76", "优")
    page.reload()
    assert field.input_value() == "3,4"
    expect(pages.row_score(page, "绩效指标明确性")).to_have_text("5.00")
    pages.expect_total(page, "93.76", "优")
    pages.type_field(page, UNMET, "34")  # no such criterion: said at the field, the row not scored as if all were met
    expect(page.locator(f".field:has([name='{UNMET}']) .field-error")).to_contain_text("评分要点“34”不在本指标的要点中", timeout=STEP_TIMEOUT_MS)
    expect(pages.row_score(page, "绩效指标明确性")).to_have_text("—", timeout=STEP_TIMEOUT_MS)
    page.reload()
    assert field.input_value() == "34"
