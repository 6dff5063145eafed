"""Import an org list (单位名称, 上级单位, 联系人, 手机) from xlsx: every problem by cell, then all rows or none."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from jixiao.loaders.problems import InputError, Problem
from jixiao.loaders.workbook import open_workbook_safely
from jixiao.model.result import Where
from jixiao.web.orgs.models import Organisation

COLUMNS = ("单位名称", "上级单位", "联系人", "手机")
OWN_LEVEL_SUFFIX = "本级"


@dataclass
class OrgRow:
    name: str
    parent: str
    contact: str
    phone: str
    cell: str


def read_org_list(path: Path, shown_name: str, region: Organisation | None = None) -> list[OrgRow]:
    """The rows of the list; with the region, also every row whose 上级单位 or name does not fit it, all in one go."""
    sheet = open_workbook_safely(path).worksheets[0]
    header = {str(c.value).strip(): c.column for c in sheet[1] if c.value is not None}
    missing = [c for c in COLUMNS[:2] if c not in header]
    if missing:
        raise InputError([Problem(Where(shown_name, cell=f"{sheet.title}!A1"), f"第一行缺少列：{'、'.join(missing)}（应为 {'、'.join(COLUMNS)}）")])
    rows, problems = [], []
    for row in range(2, sheet.max_row + 1):
        values = {c: sheet.cell(row=row, column=header[c]).value if c in header else None for c in COLUMNS}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue
        text = {c: "" if v is None else str(v).strip() for c, v in values.items()}
        cell = lambda column: f"{sheet.title}!{sheet.cell(row=row, column=header[column]).coordinate}"  # noqa: E731
        if not text["单位名称"]:
            problems.append(Problem(Where(shown_name, cell=cell("单位名称")), "单位名称不能为空"))
        if not text["上级单位"]:
            problems.append(Problem(Where(shown_name, cell=cell("上级单位")), "上级单位不能为空（主管部门的上级是财政局）"))
        if text["手机"] and not text["手机"].replace("-", "").replace(" ", "").isdigit():
            problems.append(Problem(Where(shown_name, cell=cell("手机")), f"手机号码应为数字，收到“{text['手机']}”"))
        rows.append(OrgRow(text["单位名称"], text["上级单位"], text["联系人"], text["手机"], cell("上级单位")))
    if region is not None:
        problems += _region_problems([r for r in rows if r.name and r.parent], region, shown_name)
    if problems:
        raise InputError(sorted(problems, key=lambda p: _cell_order(p.where.cell)))
    return rows


def _cell_order(cell: str) -> tuple[int, str]:
    """A1-style cells in row order, so that each row's problems are listed together."""
    address = cell.rpartition("!")[2]
    digits = "".join(ch for ch in address if ch.isdigit())
    return (int(digits) if digits else 0, address)


def import_orgs(rows: list[OrgRow], region: Organisation, shown_name: str) -> list[Organisation]:
    """主管部门 are the rows whose parent is the region; units those whose parent is a 主管部门 (in the file or already known)."""
    problems = _region_problems(rows, region, shown_name)
    if problems:
        raise InputError(problems)
    made = []
    with transaction.atomic():
        for row in sorted(rows, key=lambda r: r.parent != region.name):
            if row.parent == region.name:
                parent, kind = region, Organisation.DEPARTMENT
            else:
                parent, kind = Organisation.objects.get(name=row.parent, kind=Organisation.DEPARTMENT), Organisation.UNIT
            org, _ = Organisation.objects.update_or_create(
                name=row.name,
                defaults={"kind": kind, "parent": parent, "contact": row.contact, "phone": row.phone, "own_level": kind == Organisation.UNIT and row.name.endswith(OWN_LEVEL_SUFFIX)},
            )
            made.append(org)
    return made


def _region_problems(rows: list[OrgRow], region: Organisation, shown_name: str) -> list[Problem]:
    problems: list[Problem] = []
    names = [r.name for r in rows]
    departments = {r.name for r in rows if r.parent == region.name}
    known = {o.name: o for o in Organisation.objects.filter(parent=region, kind=Organisation.DEPARTMENT)}
    for row in rows:
        if names.count(row.name) > 1:
            problems.append(Problem(Where(shown_name, cell=row.cell), f"单位“{row.name}”重复"))
        elif row.parent != region.name and row.parent not in departments and row.parent not in known:
            problems.append(Problem(Where(shown_name, cell=row.cell), f"上级单位“{row.parent}”既不是本财政局（{region.name}），也不是表中或已有的主管部门"))
        existing = Organisation.objects.filter(name=row.name).exclude(parent__name=row.parent).first()
        if existing is not None:
            problems.append(Problem(Where(shown_name, cell=row.cell), f"单位“{row.name}”已存在，上级单位是“{existing.parent}”"))
    return problems
