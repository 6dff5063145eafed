"""A whole round as one zip (`jixiao round export` / `round import`): framework, organisations, people's
names, submissions, review scores, 报送, history and evidence, re-imported into another instance as it was.

The archive holds round.json (everything but file contents) and evidence/<sha256>. Import reads and checks
the whole archive before writing anything, then writes in one transaction; a corrupt or hostile archive is
refused with the reasons in Chinese and leaves the database untouched. Evidence contents are stored by their
hash (checked against the archive's listing), so a refused import leaves at most unreferenced files.
People are matched by username; one missing from the target instance is created without a usable password.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import Case, Value, When

from jixiao.web.orgs.models import Organisation
from jixiao.web.rounds import evidence as store
from jixiao.web.rounds.models import DepartmentReport, Evidence, HistoryEntry, ReviewScore, Round, Submission

FORMAT = "jixiao-round/1"
MANIFEST = "round.json"
MAX_MANIFEST_BYTES = 512 * 1024 * 1024
MAX_MEMBERS = 200_000


class ArchiveRefused(Exception):
    def __init__(self, reasons: list[str] | str):
        self.reasons = [reasons] if isinstance(reasons, str) else list(reasons)
        super().__init__("；".join(self.reasons))


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _name(user) -> str | None:
    return None if user is None else user.username


# --- export -------------------------------------------------------------------------------


def round_record(round_: Round) -> dict:
    """Everything about a round but evidence contents, as plain JSON (also what the round-trip test compares)."""
    submissions = list(round_.submissions.select_related("unit", "unit__parent", "updated_by").order_by("unit__name"))
    units = {s.unit for s in submissions}
    departments = {u.parent for u in units if u.parent_id}
    history = HistoryEntry.objects.filter(round=round_).select_related("user", "organisation", "submission__unit").order_by("at", "id")
    people = {}
    for user in get_user_model().objects.filter(
        models.Q(pk__in=history.values("user")) | models.Q(pk__in=Submission.objects.filter(round=round_).values("updated_by"))
        | models.Q(pk__in=ReviewScore.objects.filter(submission__round=round_).values("by")) | models.Q(pk__in=Evidence.objects.filter(submission__round=round_).values("uploaded_by"))
    ):
        people[user.username] = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email}
    return {
        "format": FORMAT,
        "round": {
            "region": round_.region.name, "year": round_.year, "title": round_.title, "framework_id": round_.framework_id,
            "framework_file": base64.b64encode(bytes(round_.framework_text or b"")).decode("ascii"), "framework_filename": round_.framework_filename,
            "submit_deadline": round_.submit_deadline and round_.submit_deadline.isoformat(), "review_deadline": round_.review_deadline and round_.review_deadline.isoformat(),
            "is_open": round_.is_open, "created": _time(round_.created),
        },
        "organisations": [
            {"name": o.name, "kind": o.kind, "parent": o.parent.name if o.parent_id else None, "own_level": o.own_level, "contact": o.contact, "phone": o.phone}
            for o in sorted(departments, key=lambda o: o.name) + sorted(units, key=lambda o: o.name)
        ],
        "people": people,
        "submissions": [
            {
                "unit": s.unit.name, "facts": s.facts, "explanations": s.explanations, "version": s.version, "state": s.state,
                "updated": _time(s.updated), "updated_by": _name(s.updated_by),
                "reviews": [
                    {"stage": r.stage, "path": r.path, "score": format(r.score, "f"), "reason": r.reason, "by": r.by.username, "at": _time(r.at)}
                    for r in s.review_scores.select_related("by").order_by("stage", "path")
                ],
                "evidence": [
                    {"path": e.path, "original_name": e.original_name, "sha256": e.sha256, "size": e.size, "content_type": e.content_type, "uploaded_by": e.uploaded_by.username, "at": _time(e.at)}
                    for e in s.evidence.select_related("uploaded_by").order_by("at", "id")
                ],
            }
            for s in submissions
        ],
        "reports": [
            {"department": r.department.name, "state": r.state, "comment": r.comment, "at": _time(r.at)}
            for r in round_.reports.select_related("department").order_by("department__name")
        ],
        "history": [
            {
                "at": _time(h.at), "user": _name(h.user), "action": h.action, "unit": h.submission.unit.name if h.submission_id else None,
                "organisation": h.organisation.name if h.organisation_id else None, "field": h.field, "old": h.old, "new": h.new,
                "comment": h.comment, "version": h.version,
            }
            for h in history
        ],
    }


def export_round(round_: Round) -> bytes:
    record = round_record(round_)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(record, ensure_ascii=False, indent=1))
        written = set()
        for submission in record["submissions"]:
            for item in submission["evidence"]:
                if item["sha256"] not in written:
                    archive.writestr(f"evidence/{item['sha256']}", store.read(item["sha256"]))
                    written.add(item["sha256"])
    return buffer.getvalue()


# --- reading and checking an archive ------------------------------------------------------


def _need(condition: bool, problems: list[str], message: str) -> bool:
    if not condition:
        problems.append(message)
    return condition


def _check_time(text, where: str, problems: list[str], optional: bool = False) -> None:
    if text is None and optional:
        return
    try:
        datetime.fromisoformat(text)
    except (TypeError, ValueError):
        problems.append(f"{where}：时间“{text}”无效")


def read_archive(content: bytes, filename: str) -> tuple[dict, dict[str, bytes]]:
    """The archive's record and evidence contents, or ArchiveRefused listing everything wrong with it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ArchiveRefused(f"{filename}：不是有效的 zip 压缩包") from None
    if len(members) > MAX_MEMBERS:
        raise ArchiveRefused(f"{filename}：压缩包内文件过多（{len(members)} 个）")
    names = {m.filename: m for m in members}
    if MANIFEST not in names:
        raise ArchiveRefused(f"{filename}：缺少 {MANIFEST}，不是 jixiao 导出的评价批次")
    problems: list[str] = []
    for member in members:
        if member.filename != MANIFEST and not (member.filename.startswith("evidence/") and store._HEX.match(member.filename[9:])):
            problems.append(f"{filename}：压缩包内有不应出现的文件“{member.filename[:200]}”")
    if names[MANIFEST].file_size > MAX_MANIFEST_BYTES:
        problems.append(f"{filename}：{MANIFEST} 过大")
    if problems:
        raise ArchiveRefused(problems)
    try:
        record = json.loads(archive.read(MANIFEST).decode("utf-8"))
        files = {}
        for name, member in names.items():
            if name == MANIFEST:
                continue
            if member.file_size > store.settings.EVIDENCE_MAX_BYTES:
                problems.append(f"{filename}：{name} 超过佐证材料大小上限")
                continue
            files[name[9:]] = archive.read(name)
    except (zipfile.BadZipFile, UnicodeDecodeError, json.JSONDecodeError, OSError, EOFError, RuntimeError, ValueError) as error:
        raise ArchiveRefused(f"{filename}：压缩包已损坏或 {MANIFEST} 不是有效的 JSON（{type(error).__name__}）") from None
    for digest, data in files.items():
        if hashlib.sha256(data).hexdigest() != digest:
            problems.append(f"{filename}：佐证材料 {digest[:12]}… 的内容与其 SHA-256 不符")
    check_record(record, files, f"{filename}:{MANIFEST}", problems)
    if problems:
        raise ArchiveRefused(problems)
    return record, files


def check_record(record, files: dict, where: str, problems: list[str]) -> None:
    if not _need(isinstance(record, dict) and record.get("format") == FORMAT, problems, f"{where}：格式标识应为 {FORMAT}"):
        return
    shapes = {"round": dict, "organisations": list, "people": dict, "submissions": list, "reports": list, "history": list}
    for key, kind in shapes.items():
        _need(isinstance(record.get(key), kind), problems, f"{where}：缺少或类型不对：{key}")
    if problems:
        return
    info = record["round"]
    for key in ("region", "title", "framework_id", "framework_filename", "framework_file"):
        _need(isinstance(info.get(key), str), problems, f"{where}：round.{key} 应为文字")
    _need(isinstance(info.get("year"), int) and 1990 <= info["year"] <= 2100, problems, f"{where}：round.year 应为 1990–2100 的年度")
    _check_time(info.get("created"), f"{where}：round.created", problems)
    for key in ("submit_deadline", "review_deadline"):
        if info.get(key) is not None:
            try:
                date.fromisoformat(info[key])
            except (TypeError, ValueError):
                problems.append(f"{where}：round.{key} 应为日期（如 2022-03-31）")
    if not problems:
        _check_framework(info, where, problems)
    kinds = {k for k, _ in Organisation.KINDS}
    org_names = {info.get("region")}
    for index, org in enumerate(record["organisations"]):
        at = f"{where}：organisations[{index}]"
        if _need(isinstance(org, dict) and isinstance(org.get("name"), str) and org.get("kind") in kinds - {Organisation.FINANCE}, problems, f"{at} 应有名称与类别（主管部门或预算单位）"):
            _need(0 < len(org["name"]) <= 200, problems, f"{at}：单位名称应为 1–200 字")
            _need(org.get("parent") in org_names, problems, f"{at}：上级单位“{org.get('parent')}”未在其前列出")
            org_names.add(org["name"])
    people = record["people"]
    units = set()
    states = {k for k, _ in Submission.STATES}
    for index, item in enumerate(record["submissions"]):
        at = f"{where}：submissions[{index}]"
        if not _need(isinstance(item, dict) and item.get("unit") in org_names, problems, f"{at}：单位未列在 organisations 中"):
            continue
        _need(item["unit"] not in units, problems, f"{at}：单位“{item['unit']}”重复")
        units.add(item["unit"])
        _need(isinstance(item.get("facts"), dict) and isinstance(item.get("explanations"), dict), problems, f"{at}：facts 与 explanations 应为映射")
        _need(isinstance(item.get("version"), int) and item["version"] >= 1, problems, f"{at}：version 应为正整数")
        _need(item.get("state") in states, problems, f"{at}：状态“{item.get('state')}”无效")
        _need(item.get("updated_by") is None or item["updated_by"] in people, problems, f"{at}：updated_by 未列在 people 中")
        _check_time(item.get("updated"), f"{at}.updated", problems)
        for r_index, review in enumerate(item.get("reviews") or []):
            r_at = f"{at}.reviews[{r_index}]"
            if _need(isinstance(review, dict) and review.get("stage") in dict(ReviewScore.STAGES) and isinstance(review.get("path"), str) and isinstance(review.get("reason"), str), problems, f"{r_at} 不完整"):
                _need(review.get("by") in people, problems, f"{r_at}：复核人未列在 people 中")
                _need(len(review["path"]) <= 500, problems, f"{r_at}：指标路径过长")
                try:
                    value = Decimal(str(review.get("score")))
                    _need(value.is_finite() and abs(value) < 10_000 and value == value.quantize(Decimal("0.0001")), problems, f"{r_at}：复核得分无效")
                except InvalidOperation:
                    problems.append(f"{r_at}：复核得分“{review.get('score')}”不是数字")
                _check_time(review.get("at"), r_at, problems)
        for e_index, item_e in enumerate(item.get("evidence") or []):
            e_at = f"{at}.evidence[{e_index}]"
            if _need(isinstance(item_e, dict) and isinstance(item_e.get("sha256"), str) and isinstance(item_e.get("original_name"), str) and isinstance(item_e.get("size"), int), problems, f"{e_at} 不完整"):
                _need(len(str(item_e.get("path") or "")) <= 500, problems, f"{e_at}：指标路径过长")
                _need(item_e["sha256"] in files, problems, f"{e_at}：压缩包内缺少文件 evidence/{item_e['sha256'][:64]}")
                _need(item_e["sha256"] not in files or len(files[item_e["sha256"]]) == item_e["size"], problems, f"{e_at}：大小与文件不符")
                _need(item_e.get("uploaded_by") in people, problems, f"{e_at}：上传人未列在 people 中")
                _check_time(item_e.get("at"), e_at, problems)
    for index, report in enumerate(record["reports"]):
        at = f"{where}：reports[{index}]"
        if _need(isinstance(report, dict) and report.get("department") in org_names and report.get("state") in dict(DepartmentReport.STATES), problems, f"{at} 不完整或主管部门未列出"):
            _check_time(report.get("at"), at, problems)
    actions = dict(HistoryEntry.ACTIONS)
    for index, entry in enumerate(record["history"]):
        at = f"{where}：history[{index}]"
        if not _need(isinstance(entry, dict) and entry.get("action") in actions, problems, f"{at}：类别无效"):
            continue
        _need(entry.get("user") is None or entry["user"] in people, problems, f"{at}：人员未列在 people 中")
        _need(entry.get("unit") is None or entry["unit"] in units, problems, f"{at}：单位不在本批次中")
        _need(entry.get("organisation") is None or entry["organisation"] in org_names, problems, f"{at}：单位未列出")
        _need(all(isinstance(entry.get(k, ""), str) for k in ("field", "old", "new", "comment")) and len(str(entry.get("field", ""))) <= 500, problems, f"{at}：字段应为文字（字段名至多 500 字）")
        _need(entry.get("version") is None or (isinstance(entry["version"], int) and entry["version"] >= 0), problems, f"{at}：版本无效")
        _check_time(entry.get("at"), at, problems)
    for username in people:
        _need(isinstance(username, str) and 0 < len(username) <= 150, problems, f"{where}：人员名“{str(username)[:40]}”无效")


def _check_framework(info: dict, where: str, problems: list[str]) -> None:
    """The round's framework must load here: a built-in id this version knows, or the uploaded file, valid."""
    from jixiao.loaders.frameworks import builtin_ids
    from jixiao.loaders.problems import InputError
    from jixiao.web.rounds.scoring import read_framework_upload

    try:
        content = base64.b64decode(info["framework_file"], validate=True)
    except (binascii.Error, ValueError):
        problems.append(f"{where}：round.framework_file 不是有效的 base64")
        return
    if not content:
        _need(info["framework_id"] in builtin_ids(), problems, f"{where}：本系统没有内置指标体系“{info['framework_id']}”")
        return
    try:
        read_framework_upload(content, info["framework_filename"] or "framework.yaml")
    except InputError as error:
        problems += [f"{where}：上传的指标体系有误：{p.describe()}" for p in error.problems[:20]]


# --- import -------------------------------------------------------------------------------


def _restore_times(model, field: str, times: dict[int, str]) -> None:
    """Put back the times the archive carries (auto_now fields set 'now' on insert); bypasses the append-only manager."""
    items = list(times.items())
    for start in range(0, len(items), 500):
        batch = dict(items[start:start + 500])
        whens = [When(pk=pk, then=Value(datetime.fromisoformat(text))) for pk, text in batch.items()]
        models.QuerySet(model).filter(pk__in=batch).update(**{field: Case(*whens, output_field=model._meta.get_field(field))})


def _organisations(record: dict, problems: list[str]) -> dict[str, Organisation]:
    region = Organisation.objects.filter(name=record["round"]["region"], kind=Organisation.FINANCE).first()
    if region is None:
        region = Organisation.objects.create(name=record["round"]["region"], kind=Organisation.FINANCE)
    orgs = {region.name: region}
    for item in record["organisations"]:
        existing = Organisation.objects.filter(name=item["name"]).select_related("parent").first()
        parent = orgs[item["parent"]]
        if existing is None:
            orgs[item["name"]] = Organisation.objects.create(
                name=item["name"], kind=item["kind"], parent=parent, own_level=bool(item.get("own_level")),
                contact=str(item.get("contact") or "")[:60], phone=str(item.get("phone") or "")[:30],
            )
        elif existing.kind != item["kind"] or existing.parent_id != parent.id:
            problems.append(f"单位“{item['name']}”在本系统中已存在，但类别或上级单位不同")
        else:
            orgs[item["name"]] = existing
    return orgs


def _people(record: dict) -> dict:
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=list(record["people"]))}
    for username, info in record["people"].items():
        if username not in users:
            user = User(username=username, first_name=str(info.get("first_name") or "")[:150], last_name=str(info.get("last_name") or "")[:150], email=str(info.get("email") or "")[:254])
            user.set_unusable_password()  # 导入的人员须由管理员设置密码后才能登录
            user.save()
            users[username] = user
    return users


def import_round(content: bytes, filename: str) -> Round:
    record, files = read_archive(content, filename)
    try:
        return _write(record, files, filename)
    except (DatabaseError, ValidationError, ValueError, KeyError, TypeError) as error:
        # Anything the checks above did not foresee: the transaction is rolled back, nothing is half-imported.
        raise ArchiveRefused(f"{filename}：写入时出错，整批未导入（{type(error).__name__}: {str(error)[:300]}）") from None


def _write(record: dict, files: dict[str, bytes], filename: str) -> Round:
    info = record["round"]
    with transaction.atomic():
        problems: list[str] = []
        if Round.objects.filter(region__name=info["region"], year=info["year"], title=info["title"]).exists():
            raise ArchiveRefused(f"{filename}：本系统已有“{info['region']} {info['year']} {info['title']}”，未导入")
        orgs = _organisations(record, problems)
        if problems:
            raise ArchiveRefused(problems)
        users = _people(record)
        round_ = Round.objects.create(
            region=orgs[info["region"]], year=info["year"], title=info["title"], framework_id=info["framework_id"],
            framework_text=base64.b64decode(info["framework_file"]), framework_filename=info["framework_filename"],
            submit_deadline=info.get("submit_deadline"), review_deadline=info.get("review_deadline"), is_open=bool(info.get("is_open", True)),
        )
        _restore_times(Round, "created", {round_.pk: info["created"]})
        submissions = Submission.objects.bulk_create([
            Submission(round=round_, unit=orgs[s["unit"]], facts=s["facts"], explanations=s["explanations"], version=s["version"], state=s["state"], updated_by=users.get(s["updated_by"]))
            for s in record["submissions"]
        ], batch_size=500)
        by_unit = {s.unit.name: s for s in submissions}
        _restore_times(Submission, "updated", {by_unit[s["unit"]].pk: s["updated"] for s in record["submissions"]})
        reviews, evidence = [], []
        for s in record["submissions"]:
            target = by_unit[s["unit"]]
            reviews += [(ReviewScore(submission=target, stage=r["stage"], path=r["path"], score=Decimal(str(r["score"])), reason=r["reason"], by=users[r["by"]]), r["at"]) for r in s.get("reviews") or []]
            evidence += [(Evidence(submission=target, path=e.get("path") or "", original_name=store.clean_name(e["original_name"]), sha256=e["sha256"], size=e["size"], content_type=str(e.get("content_type") or "")[:100], uploaded_by=users[e["uploaded_by"]]), e["at"]) for e in s.get("evidence") or []]
        for model, field, pairs in ((ReviewScore, "at", reviews), (Evidence, "at", evidence)):
            created = model.objects.bulk_create([obj for obj, _ in pairs], batch_size=500)
            _restore_times(model, field, {obj.pk: at for obj, (_, at) in zip(created, pairs)})
        reports = [(DepartmentReport(round=round_, department=orgs[r["department"]], state=r["state"], comment=str(r.get("comment") or "")), r["at"]) for r in record["reports"]]
        created = DepartmentReport.objects.bulk_create([obj for obj, _ in reports])
        _restore_times(DepartmentReport, "at", {obj.pk: at for obj, (_, at) in zip(created, reports)})
        entries = [
            HistoryEntry(
                user=users.get(h["user"]), action=h["action"], round=round_, submission=by_unit.get(h["unit"]) if h.get("unit") else None,
                organisation=orgs.get(h["organisation"]) if h.get("organisation") else None, field=h.get("field", ""), old=h.get("old", ""),
                new=h.get("new", ""), comment=h.get("comment", ""), version=h.get("version"), at=datetime.fromisoformat(h["at"]),
            )
            for h in record["history"]
        ]
        HistoryEntry.objects.bulk_create(entries, batch_size=500)  # with their own times: history is never updated (a database trigger refuses it)
        for data in files.values():
            store.store(data)
        return round_
