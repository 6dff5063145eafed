"""The framework editor's pages: the region's frameworks, the editor, its live check, the what-if panel,
export, and opening a round with a saved version. A thin layer: validation is the loaders', scores the
engine's, the what-if jixiao.whatif's."""
from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jixiao.authoring.library import library
from jixiao.authoring.raw import framework_yaml
from jixiao.authoring.rule_forms import FORMS
from jixiao.authoring.xlsx import framework_xlsx_bytes
from jixiao.loaders.frameworks import builtin_ids, common_catalogue, load_framework
from jixiao.loaders.problems import InputError
from jixiao.rules import default_registry
from jixiao.web.frameworks_editor import tree
from jixiao.web.frameworks_editor.examples import example_rows
from jixiao.web.frameworks_editor.models import EditedFramework, FrameworkVersion
from jixiao.web.frameworks_editor.trial import past_rounds, run_what_if
from jixiao.web.orgs import access
from jixiao.web.orgs.models import Membership, Organisation
from jixiao.web.rounds import scoring, services
from jixiao.web.rounds.context import round_framework
from jixiao.web.rounds.models import Round

EXPORTS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "yaml": "text/yaml; charset=utf-8"}


def _regions(request):
    regions = Organisation.objects.filter(id__in=access.orgs_with_role(request.user, Membership.FINANCE)).order_by("name")
    access.require(regions.exists())
    return regions


def _edited(request, pk: int) -> EditedFramework:
    edited = get_object_or_404(EditedFramework.objects.select_related("region"), pk=pk)
    access.require(edited.region_id in access.orgs_with_role(request.user, Membership.FINANCE))
    return edited


def version_framework(version: FrameworkVersion):
    return scoring.framework_for("", version.text.encode("utf-8"), version.filename)


@login_required
def framework_list(request):
    regions = _regions(request)
    edited = EditedFramework.objects.filter(region__in=regions).prefetch_related("versions").select_related("region")
    return render(request, "frameworks_editor/list.html", {
        "frameworks": [(f, list(f.versions.all())) for f in edited],
        "builtins": [(i, load_framework(i).name) for i in builtin_ids()],
        "rounds": Round.objects.filter(region__in=regions).order_by("-year", "-id"),
    })


@login_required
def framework_new(request):
    regions = _regions(request)
    if request.method == "POST":
        return _handle_post(request, None, regions)
    start, round_pk = request.GET.get("from", ""), request.GET.get("round", "")
    base = None
    if start in builtin_ids():
        base = load_framework(start)
    elif round_pk.isdigit():
        round_ = get_object_or_404(Round, pk=int(round_pk))
        access.require(access.is_finance_of(request.user, round_))
        base = round_framework(round_)  # last year's framework, uploaded or written here, as next year's draft
    if base is not None:
        draft = tree.draft_from_framework(base, common_catalogue())
        draft.key = f"{draft.key}-副本"
        draft.name = f"{draft.name}（修改稿）"
    else:
        draft = tree.Draft(key=f"my-framework-{date.today().year}", name="", rows=[tree.Row(1, "新的一级指标", "100", kind="judgement")])
    return _render_editor(request, draft, None, regions)


@login_required
def framework_edit(request, pk: int):
    edited = _edited(request, pk)
    regions = Organisation.objects.filter(pk=edited.region_id)
    if request.method == "POST":
        return _handle_post(request, edited, regions)
    latest = edited.latest()
    draft = tree.draft_from_framework(version_framework(latest), common_catalogue())
    return _render_editor(request, draft, edited, regions)


def _handle_post(request, edited: EditedFramework | None, regions):
    draft = tree.draft_from_post(request.POST)
    action = request.POST.get("action", "")
    if action.startswith("pick:"):
        index = action.removeprefix("pick:")
        if index.isdigit():
            draft = tree.pick_from_library(draft, int(index), request.POST.get(f"row-{index}-pick", ""))
        return _render_editor(request, draft, edited, regions)
    if action and action != "save":
        return _render_editor(request, tree.apply_action(draft, action), edited, regions)
    checked = tree.check(draft, common_catalogue())
    if checked.framework is None:
        messages.error(request, "指标体系有误，未保存：请按标出的位置修改（所填内容均已保留）")
        return _render_editor(request, draft, edited, regions, checked, status=400)
    region = regions.filter(pk=request.POST.get("region")).first() or regions.first()
    text = framework_yaml(checked.framework, common_catalogue())
    with transaction.atomic():
        if edited is None:
            edited = EditedFramework.objects.create(region=region)
        latest = edited.versions.select_for_update().order_by("-number").first()
        if latest is not None and latest.text == text:
            messages.info(request, f"与第 {latest.number} 版相同，未保存新版本")
            return redirect("fw_edit", pk=edited.pk)
        number = (latest.number if latest else 0) + 1
        FrameworkVersion.objects.create(framework=edited, number=number, name=checked.framework.name, framework_key=checked.framework.id, text=text, note=request.POST.get("note", "")[:200], by=request.user)
    messages.success(request, f"已保存“{checked.framework.name}”第 {number} 版")
    return redirect("fw_edit", pk=edited.pk)


def _editor_context(request, draft: tree.Draft, checked: tree.Checked | None):
    checked = checked if checked is not None else tree.check(draft, common_catalogue())
    registry = default_registry()
    errors = checked.by_field()
    examples = example_rows(draft, checked.framework) if checked.framework is not None else {}
    rows = []
    for index, row in enumerate(draft.rows):
        form = FORMS.get(row.kind) if row.kind != tree.SLOT else None
        row_errors = {name.removeprefix(f"row-{index}-"): list_ for name, list_ in errors.items() if name.startswith(f"row-{index}-")}
        use_yaml = bool(row.yaml.strip()) or (form is None and row.kind != tree.SLOT)
        rows.append({
            "index": index, "row": row, "parent": draft.is_parent(index), "use_yaml": use_yaml, "slot_kind": row.params.get("_slot_kind", "target"),
            "params": [] if use_yaml or form is None else [{"field": f, "value": row.params.get(f.name, ""), "errors": row_errors.get(f"p-{f.name}")} for f in form],
            "summary": tree.rule_summary(row.kind, registry) if row.kind != tree.SLOT else "个性指标：由单位填写各行指标与分值",
            "errors": row_errors,
            "example": examples.get(index), "subtotal": _subtotal(draft, index),
        })
    figures = _figure_choices(checked)
    formulas = _formulas(checked)
    for entry in rows:
        used = [entry["row"].params.get(name, "") for name in ("figure", "done", "planned")]
        entry["formulas"] = [formulas[key] for key in used if key in formulas]
    return {
        "draft": draft, "rows": rows, "errors": errors, "problems": checked.problems, "valid": checked.framework is not None,
        "kinds": [(k.name, k.label) for k in registry.kinds()], "figures": figures,
        "library": sorted(library().values(), key=lambda item: item.group), "grades": list(enumerate(draft.grades + [("", "")])),
        "figure_rows": _figure_rows(draft, errors), "figure_kinds": FIGURE_KINDS,
    }


def _figure_choices(checked: tree.Checked) -> list[tuple[str, str]]:
    common = common_catalogue()
    names = {key: value["name"] for key, value in {**common.get("figures", {}), **common.get("derived", {})}.items()}
    for item in library().values():
        names.update({key: value["name"] for key, value in {**item.figures, **item.derived}.items()})
    if checked.framework is not None:
        names.update({key: checked.framework.figure_name(key) for key in (*checked.framework.figures, *checked.framework.derived)})
    return sorted(names.items(), key=lambda pair: pair[1])


FIGURE_KINDS = (("money", "金额"), ("percent", "比率"), ("count", "数量"))


def _figure_rows(draft: tree.Draft, errors: dict[str, list[str]]) -> list[tuple[int, dict]]:
    """The framework's own figures as typed, one empty row to add another; each with its problems."""
    out = []
    for index, entry in enumerate([*draft.figures, {"kind": "money"}]):
        found = [m for name, list_ in errors.items() if name.startswith(f"fig-{index}-") for m in list_]
        out.append((index, {**entry, "errors": found, "invalid": bool(found)}))
    return out


def _formulas(checked: tree.Checked) -> dict[str, str]:
    """Each derived figure's formula with the figures' names: 政府采购执行率 = 实际采购金额 / 政府采购计划金额."""
    framework = checked.framework
    common = common_catalogue()
    derived = {key: (value["name"], str(value["formula"])) for key, value in common.get("derived", {}).items()}
    for item in library().values():
        derived.update({key: (value["name"], str(value["formula"])) for key, value in item.derived.items()})
    if framework is not None:
        derived.update({key: (d.name, d.formula.text) for key, d in framework.derived.items()})
    return {key: f"{name} = {text}" for key, (name, text) in derived.items()}


def _subtotal(draft: tree.Draft, index: int) -> str | None:
    """A parent's children's weights as typed, added (for the live check beside its own weight)."""
    if not draft.is_parent(index):
        return None
    level, total = draft.rows[index].level, Decimal(0)
    for row in draft.rows[index + 1:]:
        if row.level <= level:
            break
        if row.level == level + 1:
            try:
                total += Decimal(row.weight or "0")
            except InvalidOperation:
                return "?"
    return format(total.normalize(), "f")


def _render_editor(request, draft, edited, regions, checked=None, status=200):
    context = _editor_context(request, draft, checked)
    region = edited.region if edited else regions.first()
    context.update({
        "edited": edited, "regions": regions, "versions": list(edited.versions.all()) if edited else [],
        "past_rounds": past_rounds(region) if region else [],
    })
    return render(request, "frameworks_editor/edit.html", context, status=status)


@login_required
@require_POST
def framework_check(request):
    _regions(request)
    draft = tree.draft_from_post(request.POST)
    return render(request, "frameworks_editor/_checks.html", _editor_context(request, draft, None))


@login_required
@require_POST
def framework_what_if(request, pk: int):
    round_ = get_object_or_404(Round, pk=pk)
    access.require(access.is_finance_of(request.user, round_))
    checked = tree.check(tree.draft_from_post(request.POST), common_catalogue())
    if checked.framework is None:
        return render(request, "frameworks_editor/_whatif.html", {"round": round_, "invalid": checked.problems})
    return render(request, "frameworks_editor/_whatif.html", {"round": round_, **run_what_if(round_, checked.framework)})


@login_required
def framework_export(request, pk: int, number: int, fmt: str):
    edited = _edited(request, pk)
    version = get_object_or_404(FrameworkVersion, framework=edited, number=number)
    if fmt not in EXPORTS:
        raise Http404("没有这种格式")
    if fmt == "yaml":
        content = version.text.encode("utf-8")
    else:
        content = framework_xlsx_bytes(version_framework(version), common_catalogue())
    response = HttpResponse(content, content_type=EXPORTS[fmt])
    from urllib.parse import quote

    filename = f"{version.name}-第{version.number}版.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def framework_round(request, pk: int, number: int):
    """Open a round scored by this version: the round keeps its own copy of the version's file."""
    edited = _edited(request, pk)
    version = get_object_or_404(FrameworkVersion, framework=edited, number=number)
    units = list(Organisation.objects.filter(kind=Organisation.UNIT, parent__parent=edited.region).order_by("parent__name", "-own_level", "name"))
    errors: dict[str, str] = {}
    title, year = f"{date.today().year - 1} 年度部门整体支出绩效自评（{version.name}）", str(date.today().year - 1)
    if request.method == "POST":
        title, year = request.POST.get("title", "").strip(), request.POST.get("year", "").strip()
        if not title:
            errors["title"] = "请填写批次名称"
        if not (year.isdigit() and 1990 <= int(year) <= 2100):
            errors["year"] = "年度应为 1990 至 2100 之间的整数"
        if not units:
            errors["units"] = "本地区还没有预算单位"
        if not errors:
            try:
                version_framework(version)
            except InputError as error:  # saved valid; a later change of the rules could make it not
                errors["title"] = "；".join(p.describe() for p in error.problems[:5])
        if not errors:
            round_ = services.open_round(edited.region, request.user, year=int(year), title=title[:200], framework_id="", units=units,
                                         framework_file=version.text.encode("utf-8"), framework_filename=version.filename)
            messages.success(request, f"已开启“{round_.title}”，{len(units)} 个单位，使用“{version.name}”第 {version.number} 版")
            return redirect("round", pk=round_.pk)
    return render(request, "frameworks_editor/round.html", {"edited": edited, "version": version, "units": units, "title": title, "year": year, "errors": errors}, status=400 if errors else 200)
