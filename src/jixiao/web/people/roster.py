"""A 单位名单 joined to an open round: units (with 单位代码) made or found, drafts added, one account per unit contact.

Everything is checked first and the whole list refused with the rows named; then, in one transaction, the
organisations (orgs.importer), their codes, the round's new drafts and the accounts with one-time passwords.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.validators import validate_email
from django.core.exceptions import ValidationError
from django.db import transaction

from jixiao.loaders.workbook import open_workbook_safely
from jixiao.people.rules import code_problem, one_time_password, phone_problem
from jixiao.web.orgs.importer import OrgRow, import_orgs
from jixiao.web.orgs.models import Membership, Organisation
from jixiao.web.people.models import FirstLogin, UnitCode
from jixiao.web.rounds import scoring
from jixiao.web.rounds.models import HistoryEntry, Round, Submission

COLUMNS = ("单位名称", "单位代码", "上级单位", "联系人", "手机", "邮箱", "用户名")
REQUIRED = ("单位名称", "上级单位")
USERNAME = re.compile(r"[A-Za-z0-9_.@+-]{3,150}")


class RosterRefused(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("；".join(problems))


@dataclass
class Row:
    line: int
    name: str
    code: str
    parent: str
    contact: str
    phone: str
    email: str
    username: str


@dataclass
class Result:
    added: list[str] = field(default_factory=list)  # units whose draft was added to the round
    already: list[str] = field(default_factory=list)  # units already in the round
    departments: list[str] = field(default_factory=list)
    accounts: list[tuple[str, str, str, str]] = field(default_factory=list)  # (unit, username, contact, password or "" when mailed)
    mailed: list[str] = field(default_factory=list)
    existing_accounts: list[str] = field(default_factory=list)


def read(path: Path, shown_name: str) -> list[Row]:
    sheet = open_workbook_safely(path).worksheets[0]
    header = {str(c.value).strip(): c.column for c in sheet[1] if c.value is not None}
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise RosterRefused([f"{shown_name}：第一行缺少列：{'、'.join(missing)}（应为 {'、'.join(COLUMNS)}）"])
    rows = []
    for line in range(2, sheet.max_row + 1):
        values = {c: sheet.cell(row=line, column=header[c]).value if c in header else None for c in COLUMNS}
        text = {c: "" if v is None else str(v).strip() for c, v in values.items()}
        if not any(text.values()):
            continue
        rows.append(Row(line, text["单位名称"], text["单位代码"].upper(), text["上级单位"], text["联系人"], text["手机"], text["邮箱"], text["用户名"]))
    if not rows:
        raise RosterRefused([f"{shown_name}：没有单位"])
    return rows


def check(rows: list[Row], region: Organisation) -> list[str]:
    """Every problem of the list, each naming its row."""
    problems = []
    names = [r.name for r in rows]
    codes = [r.code for r in rows if r.code]
    departments = {r.name for r in rows if r.parent == region.name}
    known = set(Organisation.objects.filter(parent=region, kind=Organisation.DEPARTMENT).values_list("name", flat=True))
    taken_codes = dict(UnitCode.objects.filter(code__in=codes).values_list("code", "organisation__name"))
    User = get_user_model()
    for row in rows:
        at = f"第 {row.line} 行"
        if not row.name:
            problems.append(f"{at}：单位名称不能为空")
        elif names.count(row.name) > 1:
            problems.append(f"{at}：单位“{row.name}”在表中重复")
        if not row.parent:
            problems.append(f"{at}：上级单位不能为空（主管部门的上级是 {region.name}）")
        elif row.parent != region.name and row.parent not in departments and row.parent not in known:
            problems.append(f"{at}：主管部门“{row.parent}”不存在（既不在表中，也不是 {region.name} 已有的主管部门）")
        existing = Organisation.objects.filter(name=row.name).exclude(parent__name=row.parent).select_related("parent").first() if row.name else None
        if existing is not None:
            problems.append(f"{at}：单位“{row.name}”已存在，上级单位是“{existing.parent}”")
        if row.code:
            if (why := code_problem(row.code)) is not None:
                problems.append(f"{at}：{why}")
            elif codes.count(row.code) > 1:
                problems.append(f"{at}：单位代码“{row.code}”在表中重复")
            elif taken_codes.get(row.code, row.name) != row.name:
                problems.append(f"{at}：单位代码“{row.code}”已属于“{taken_codes[row.code]}”")
        if row.phone and (why := phone_problem(row.phone)) is not None:
            problems.append(f"{at}：{why}")
        if row.email:
            try:
                validate_email(row.email)
            except ValidationError:
                problems.append(f"{at}：邮箱格式不对：“{row.email}”")
        if row.contact and row.parent != region.name:
            username = row.username or row.code.lower()
            if not username:
                problems.append(f"{at}：有联系人时须填写用户名或单位代码（用作登录名）")
            elif not USERNAME.fullmatch(username):
                problems.append(f"{at}：用户名只能由字母、数字和 _ . @ + - 组成（3 至 150 位），收到“{username}”")
            else:
                other = User.objects.filter(username=username).exclude(memberships__organisation__name=row.name).first()
                if other is not None:
                    problems.append(f"{at}：用户名“{username}”已被其他人使用")
    return problems


def join(round_: Round, rows: list[Row], user, shown_name: str, send_mail=None) -> Result:
    """Apply a checked list; send_mail(user, password) mails a new account's password (None: shown once instead)."""
    from jixiao.web.rounds.services import log

    region = round_.region
    problems = check(rows, region)
    if problems:
        raise RosterRefused(problems)
    result = Result()
    with transaction.atomic():
        made = import_orgs([OrgRow(r.name, r.parent, r.contact, r.phone, f"第 {r.line} 行") for r in rows], region, shown_name)
        by_name = {org.name: org for org in made}
        in_round = set(round_.submissions.filter(unit__in=made).values_list("unit__name", flat=True))
        for row in rows:
            org = by_name[row.name]
            if row.code:
                UnitCode.objects.update_or_create(organisation=org, defaults={"code": row.code})
            if org.kind == Organisation.DEPARTMENT:
                result.departments.append(org.name)
                continue
            if org.name in in_round:
                result.already.append(org.name)
            else:
                Submission.objects.create(round=round_, unit=org, facts=scoring.new_draft(org.name, round_.year, round_.framework_id or round_.framework_filename))
                result.added.append(org.name)
            if row.contact:
                _account(row, org, result, send_mail)
        log(user, HistoryEntry.TRANSITION, round_=round_, organisation=region, field="单位名单", new=f"加入 {len(result.added)} 个单位", comment="、".join(result.added))
    return result


def _account(row: Row, org: Organisation, result: Result, send_mail) -> None:
    User = get_user_model()
    username = row.username or row.code.lower()
    person = User.objects.filter(username=username).first()
    if person is not None:
        Membership.objects.get_or_create(user=person, organisation=org, role=Membership.FILLER)
        result.existing_accounts.append(username)
        return
    password = one_time_password()
    person = User.objects.create_user(username, email=row.email, password=password, first_name=row.contact)
    Membership.objects.create(user=person, organisation=org, role=Membership.FILLER)
    FirstLogin.objects.create(user=person)
    if row.email and send_mail is not None:
        send_mail(person, password)
        result.mailed.append(username)
        result.accounts.append((org.name, username, row.contact, ""))
    else:
        result.accounts.append((org.name, username, row.contact, password))
