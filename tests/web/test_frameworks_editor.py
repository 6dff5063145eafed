"""The 财政局's framework editor: build from a built-in or the library, invalid input kept and marked,
versions (a round keeps the one it was opened with), export, and the what-if panel on a past round."""
from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from jixiao.authoring.export import framework_signature
from jixiao.loaders.frameworks import common_catalogue, load_framework
from jixiao.web.frameworks_editor.tree import draft_from_framework, draft_post

pytestmark = pytest.mark.web


def shenzhen_post(**changes) -> dict:
    data = draft_post(draft_from_framework(load_framework("shenzhen-2019"), common_catalogue()))
    data.update(key="my-city-2024", name="演示市部门整体支出绩效评价指标体系（2024）")
    data.update(changes)
    return data


def row_index(data: dict, name: str) -> int:
    return next(int(key.split("-")[1]) for key, value in data.items() if key.endswith("-name") and key.startswith("row-") and value == name)


def test_new_from_builtin_shows_the_tree_with_example_scores(login):
    response = login("finance_own").get(reverse("fw_new") + "?from=shenzhen-2019")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="政府采购执行情况"' in page and "评分要点" in page
    # 政府采购执行情况 (2分) on the example unit: 政府采购执行率 635.3 / 635.3 = 100% × 1 + a judged part
    assert "示例单位得" in page and "由评价人员在 0 至" in page
    assert "✓ 指标体系完整" in page


def test_save_makes_version_1_and_it_loads_back_to_the_same_framework(login):
    from jixiao.web.frameworks_editor.models import FrameworkVersion
    from jixiao.web.frameworks_editor.views import version_framework

    client = login("finance_own")
    response = client.post(reverse("fw_new"), {**shenzhen_post(), "action": "save", "note": "以深圳体系为底稿"})
    assert response.status_code == 302
    version = FrameworkVersion.objects.get()
    assert (version.number, version.framework_key, version.note) == (1, "my-city-2024", "以深圳体系为底稿")
    saved = version_framework(version)
    original = load_framework("shenzhen-2019")
    assert framework_signature(saved)[3:] == framework_signature(original)[3:]  # all but id, name, total
    # saving the same again makes no new version
    client.post(reverse("fw_edit", args=[version.framework_id]), {**shenzhen_post(), "action": "save"})
    assert FrameworkVersion.objects.count() == 1


def test_weights_that_do_not_add_up_cannot_be_saved_and_nothing_typed_is_lost(login):
    from jixiao.web.frameworks_editor.models import FrameworkVersion

    data = shenzhen_post()
    index = row_index(data, "预算编制合理性")
    data[f"row-{index}-weight"] = "6.5"  # 预算编制: 6.5 + 5 = 11.5 ≠ 10
    data[f"row-{index}-standard"] = "我新写的评分标准"
    response = login("finance_own").post(reverse("fw_new"), {**data, "action": "save"})
    page = response.content.decode()
    assert response.status_code == 400 and not FrameworkVersion.objects.exists()
    assert "合计 11.5" in page and "未保存" in page
    assert 'value="6.5"' in page and "我新写的评分标准" in page
    assert 'class="weight invalid"' in page  # the parent's weight is marked where the sum disagrees


def test_invalid_rule_parameter_is_marked_at_its_field(login):
    data = shenzhen_post()
    index = row_index(data, "固定资产利用率")
    data[f"row-{index}-p-tiers"] = "≥90% 1\n大约七成 0.7"
    response = login("finance_own").post(reverse("fw_check"), data)
    page = response.content.decode()
    assert "“大约七成 0.7”" not in page or "条件" in page
    assert f'id="st-{index}"' in page and "无法识别" in page and "还有 1 处问题" in page


def test_live_check_reports_the_subtotal_as_typed(login):
    data = shenzhen_post()
    index = row_index(data, "预算编制")
    data[f"row-{row_index(data, '预算编制规范性')}-weight"] = "4"
    page = login("finance_own").post(reverse("fw_check"), data).content.decode()
    assert f'<div id="st-{index}" class="status" hx-swap-oob="true"><span class="sub off">下级合计 9</span>' in page


def test_library_pick_fills_name_explanation_and_rule(login):
    data = shenzhen_post()
    index = row_index(data, "项目监管")
    data[f"row-{index}-pick"] = "政府采购执行率"
    page = login("finance_own").post(reverse("fw_new"), {**data, "action": f"pick:{index}"}).content.decode()
    assert f'name="row-{index}-name" value="政府采购执行率"' in page
    assert "实际政府采购金额与年初政府采购预算的比率" in page
    assert '<option value="政府采购执行率" selected>' in page  # the ratio's figure


def test_tree_buttons_move_add_and_delete_without_saving(login):
    from jixiao.web.frameworks_editor.models import FrameworkVersion

    data = shenzhen_post()
    first = row_index(data, "部门决策")
    page = login("finance_own").post(reverse("fw_new"), {**data, "action": f"down:{first}"}).content.decode()
    assert page.index('value="部门管理"') < page.index('value="部门决策"')
    page = login("finance_own").post(reverse("fw_new"), {**data, "action": f"delete:{first}"}).content.decode()
    assert 'value="部门决策"' not in page and 'value="预算编制合理性"' not in page and "一级指标分值合计 75" in page
    assert not FrameworkVersion.objects.exists()


def test_a_round_keeps_the_version_it_was_opened_with(login, demo):
    from jixiao.web.frameworks_editor.models import FrameworkVersion
    from jixiao.web.rounds.context import round_framework
    from jixiao.web.rounds.models import Round

    client = login("finance_own")
    client.post(reverse("fw_new"), {**shenzhen_post(), "action": "save"})
    v1 = FrameworkVersion.objects.get()
    response = client.post(reverse("fw_round", args=[v1.framework_id, 1]), {"title": "2024 年度自评（新体系）", "year": "2024"})
    assert response.status_code == 302
    opened = Round.objects.get(title="2024 年度自评（新体系）")
    assert opened.framework_filename == "my-city-2024-第1版.yaml" and opened.submissions.count() == demo.submissions.count()
    data = shenzhen_post(total="101")
    data[f"row-{row_index(data, '部门决策')}-weight"] = "26"
    data[f"row-{row_index(data, '预算编制')}-weight"] = "11"
    data[f"row-{row_index(data, '预算编制合理性')}-weight"] = "6"
    data["grade-0-min"] = "91"
    data[f"row-{row_index(data, '预算编制合理性')}-p-criteria"] = "预算编制分配符合部门职责和工作要求 2\n预算资金按年度工作重点合理分配 1\n专项资金预算编制细化程度合理 1\n功能分类和经济分类编制准确 1\n部门预算分配不固化 1"
    assert client.post(reverse("fw_edit", args=[v1.framework_id]), {**data, "action": "save"}).status_code == 302
    assert FrameworkVersion.objects.count() == 2
    opened.refresh_from_db()
    assert round_framework(opened).total == Decimal(100)  # still version 1


def test_export_of_a_version_as_xlsx_loads_back(login, tmp_path):
    from jixiao.loaders.frameworks import load_framework_file
    from jixiao.web.frameworks_editor.models import FrameworkVersion
    from jixiao.web.frameworks_editor.views import version_framework

    client = login("finance_own")
    client.post(reverse("fw_new"), {**shenzhen_post(), "action": "save"})
    version = FrameworkVersion.objects.get()
    response = client.get(reverse("fw_export", args=[version.framework_id, 1, "xlsx"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    path = tmp_path / "x.xlsx"
    path.write_bytes(response.content)
    assert framework_signature(load_framework_file(path)) == framework_signature(version_framework(version))


def test_what_if_on_the_demo_round(login, demo):
    # The demo round's prefilled units carry the 大鹏 2021 data: 93.76 (优) under shenzhen-2019.
    data = shenzhen_post()
    data["grade-0-min"] = "95"  # 优 now needs 95: 93.76 becomes 良
    page = login("finance_own").post(reverse("fw_whatif", args=[demo.pk]), data).content.decode()
    filled = sum(1 for s in demo.submissions.all() if s.facts.get("figures"))
    assert f"<strong class=\"changed\">{filled}</strong> 个等级改变" in page
    assert "<td>优</td><td class=\"num\">" in page and "0 个总分改变" in page


def test_what_if_with_a_new_tree_reads_the_units_against_it(login, demo):
    # A two-row framework from the library (the browser journey's): 政府采购执行率 60 + 满意度 tiers 40.
    # 大鹏 2021: 635.3 / 635.3 = 100% → 60; 满意度 99.91% ≥ 90% → 40: every filled unit moves from 93.76 to 100.00.
    data = {"key": "t", "name": "两行体系", "total": "100", "rows": "3", "carried": "{}",
            "grade-0-name": "优", "grade-0-min": "90", "grade-1-name": "差", "grade-1-min": "0",
            "row-0-level": "1", "row-0-name": "预算执行", "row-0-weight": "100",
            "row-1-level": "2", "row-1-name": "政府采购执行率", "row-1-weight": "60", "row-1-kind": "ratio", "row-1-p-figure": "政府采购执行率",
            "row-2-level": "2", "row-2-name": "社会公众或服务对象满意度", "row-2-weight": "40", "row-2-kind": "tiers", "row-2-p-figure": "满意度",
            "row-2-p-tiers": "≥90% 40\n≥80% 20\n其他 0"}
    page = login("finance_own").post(reverse("fw_whatif", args=[demo.pk]), data).content.decode()
    filled = sum(1 for s in demo.submissions.all() if s.facts.get("figures"))
    assert f"<strong>{filled}</strong> 个单位" in page and "个单位尚未填写" in page
    assert page.count('<td class="num">93.76</td><td class="num">100.00</td><td class="num">+6.24</td>') == filled


def test_a_rounds_framework_is_a_starting_point_and_formulas_are_shown(login, demo):
    page = login("finance_own").get(reverse("fw_new") + f"?round={demo.pk}").content.decode()
    assert 'value="政府采购执行情况"' in page  # the demo round's shenzhen-2019
    assert "计算公式：固定资产利用率 = 在用固定资产原值 / 固定资产原值" in page
    assert login("finance_foreign").get(reverse("fw_new") + f"?round={demo.pk}").status_code == 403


def test_what_if_sees_a_unit_saved_since_the_last_try(login, demo):
    from jixiao.web.rounds.models import Submission

    data = shenzhen_post()
    data["grade-0-min"] = "95"
    client = login("finance_own")
    filled = sum(1 for s in demo.submissions.all() if s.facts.get("figures"))
    assert f"<strong>{filled}</strong> 个单位" in client.post(reverse("fw_whatif", args=[demo.pk]), data).content.decode()
    empty = Submission.objects.get(pk=demo.submissions.get(unit__name="演示市政务服务数据管理局本级").pk)
    empty.facts = {**demo.submissions.exclude(pk=empty.pk).first().facts, "department": empty.unit.name}
    empty.version += 1
    empty.save()
    assert f"<strong>{filled + 1}</strong> 个单位" in client.post(reverse("fw_whatif", args=[demo.pk]), data).content.decode()


def test_own_figures_with_a_formula_are_checked_at_their_field(login):
    # A framework's own derived figure (接诉即办率 = 按时办结件数 / 受理件数) used by a ratio row; a formula with
    # what the safe compiler refuses is marked at its field, and nothing is saved.
    from jixiao.web.frameworks_editor.models import FrameworkVersion

    data = {"key": "t", "name": "热线", "total": "10", "rows": "1", "carried": "{}",
            "fig-0-key": "受理件数", "fig-0-name": "热线受理件数", "fig-0-kind": "count",
            "fig-1-key": "按时办结件数", "fig-1-name": "按时办结件数", "fig-1-kind": "count",
            "fig-2-key": "接诉即办率", "fig-2-name": "接诉即办率", "fig-2-kind": "percent", "fig-2-formula": "按时办结件数 / 受理件数",
            "row-0-level": "1", "row-0-name": "接诉即办", "row-0-weight": "10", "row-0-kind": "ratio", "row-0-p-figure": "接诉即办率"}
    client = login("finance_own")
    page = client.post(reverse("fw_check"), data).content.decode()
    assert "✓ 指标体系完整" in page
    bad = {**data, "fig-2-formula": "__import__('os').system('x') / 受理件数"}
    response = client.post(reverse("fw_new"), {**bad, "action": "save"})
    page = response.content.decode()
    assert response.status_code == 400 and not FrameworkVersion.objects.exists()
    assert 'id="fig-2-formula" name="fig-2-formula" value="__import__(&#x27;os&#x27;).system(&#x27;x&#x27;) / 受理件数" size="30" class="invalid"' in page
    assert "派生数据“接诉即办率”" in page


def test_list_shows_starting_points_and_saved_versions(login, demo):
    client = login("finance_own")
    page = client.get(reverse("fw_list")).content.decode()
    assert "从空白开始" in page and "以内置体系“部门整体支出绩效评价共性指标体系框架（2019年修订）”为底稿" in page
    assert f"以批次“{demo.title}”所用的体系为底稿" in page and "还没有编写的指标体系" in page
    client.post(reverse("fw_new"), {**shenzhen_post(), "action": "save", "note": "初稿"})
    page = client.get(reverse("fw_list")).content.decode()
    assert "第 1 版" in page and "初稿" in page and "用此版本开启批次" in page


class _Form(HTMLParser):
    """The editor form's fields as a browser would post them (inputs, checked boxes, selected options, textareas)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._inside = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "editor":
            self._inside = True
        if not self._inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.data[name] = attrs.get("value") or ("on" if attrs.get("type") == "checkbox" else "")
        elif tag == "select" and name:
            self._select, self._first = name, True
        elif tag == "option" and self._select:
            if "selected" in attrs or self._first:  # the first option unless a later one is selected
                self.data[self._select] = attrs.get("value", "")
            self._first = False
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._inside = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def browser_post(html: str) -> dict:
    form = _Form()
    form.feed(html)
    return {key: value.removeprefix("\n") if key.endswith(("-standard", "-explanation", "-tiers", "-criteria", "-yaml")) else value for key, value in form.data.items()}


@pytest.mark.parametrize("start", ["shenzhen-2019", "guangzhou-2021", "jiangxi-2021"])
def test_the_page_as_a_browser_posts_it_saves_the_same_framework(login, start):
    # What the rendered page posts (every field, the blank rows for adding a grade or a figure included)
    # must save as the very framework it showed.
    from jixiao.web.frameworks_editor.models import FrameworkVersion
    from jixiao.web.frameworks_editor.views import version_framework

    client = login("finance_own")
    data = browser_post(client.get(reverse("fw_new") + f"?from={start}").content.decode())
    assert data["rows"] and int(data["rows"]) > 20
    response = client.post(reverse("fw_new"), {**data, "action": "save"})
    assert response.status_code == 302, [line for line in response.content.decode().splitlines() if "problems" in line or "field-error" in line][:5]
    saved = version_framework(FrameworkVersion.objects.get())
    assert framework_signature(saved)[3:] == framework_signature(load_framework(start))[3:]
