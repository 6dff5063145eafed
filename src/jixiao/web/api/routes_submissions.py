"""Submissions: list, read (facts and result), write facts with a version (409 when stale), the
workflow (submit / return / approve / 复核得分), evidence and documents. Every change goes through
jixiao.web.rounds.services, the same functions the pages call."""
from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from jixiao.loaders.problems import InputError
from jixiao.web.api import facts_body
from jixiao.web.api.errors import ApiError, bad_facts
from jixiao.web.orgs import access
from jixiao.web.rounds import evidence as store
from jixiao.web.rounds import scoring, services
from jixiao.web.rounds.context import state_of
from jixiao.web.rounds.models import Evidence, HistoryEntry, ReviewScore, Submission
from jixiao.web.rounds import views_files
from jixiao.web.rounds.views_files import DOCUMENTS, attachment, document_bytes
from jixiao.web.rounds.views_fill import FACTS_UPLOAD_SUFFIXES, read_facts_upload

router = Router(tags=["填报"])


def load(user, pk: int, check) -> Submission:
    submission = get_object_or_404(Submission.objects.select_related("round", "unit", "unit__parent", "round__region"), pk=pk)
    access.require(check(user, submission))
    return submission


def _decimal(value) -> str | None:
    return None if value is None else format(value, "f")


def brief(submission: Submission) -> dict:
    unit = submission.unit
    return {
        "id": submission.pk, "round": submission.round_id, "unit": unit.name, "unit_id": unit.pk,
        "department": unit.parent.name if unit.parent else None, "state": submission.state,
        "state_label": submission.get_state_display(), "version": submission.version, "updated": submission.updated,
    }


def detail(submission: Submission) -> dict:
    state = state_of(submission)
    reviews = [
        {"stage": r.stage, "path": r.path.split("/"), "score": _decimal(r.score), "reason": r.reason, "by": r.by.username}
        for r in submission.review_scores.select_related("by").order_by("stage", "path")
    ]
    return {
        **brief(submission),
        "facts": submission.facts,
        "explanations": submission.explanations,
        "problems": [{"loc": key.split(scoring.SEP), "message": m} for key, messages in state.scored.problems.items() for m in messages],
        "result": state.evaluation.as_dict() if state.evaluation else None,
        "review_scores": reviews,
        "review_total": _decimal(state.review_total),
        "finance_total": _decimal(state.finance_total),
        "evidence": [evidence_json(e) for e in submission.evidence.all()],
    }


def evidence_json(item: Evidence) -> dict:
    return {
        "id": item.pk, "path": item.path.split("/") if item.path else [], "name": item.original_name, "size": item.size,
        "sha256": item.sha256, "content_type": item.content_type, "at": item.at, "download": f"/api/evidence/{item.pk}",
    }


def refused(error: services.Refused, code: str = "refused") -> ApiError:
    if isinstance(error, services.BadVersion):  # a malformed request, not a conflict with the state
        return ApiError(400, "bad_version", "缺少有效的版本（version 应为当前版本号，从 1 起的整数）", [{"loc": ["version"], "message": str(error)}])
    return ApiError(409, code, "；".join(error.reasons), [{"loc": [], "message": reason} for reason in error.reasons])


def stale(error: services.Stale) -> ApiError:
    # An API client works in version numbers (the page says it in words): both are given.
    message = f"此填报已被他人修改（当前版本 {error.current.version}，您基于版本 {error.based_on}），您的修改未保存"
    return ApiError(409, "stale_version", message, [{"loc": ["version"], "message": message}], current_version=error.current.version)


@router.get("/submissions", summary="可见范围内的填报（可按批次、状态筛选）")
def submissions(request, round: int | None = None, state: str | None = None):
    found = Submission.objects.filter(access.submission_scope(request.user)).select_related("unit", "unit__parent")
    if round is not None:
        found = found.filter(round_id=round)
    if state:
        found = found.filter(state=state)
    return [brief(s) for s in found.order_by("round_id", "unit__parent__name", "-unit__own_level", "unit__name")]


@router.get("/submissions/{submission_id}", summary="一份填报：数据、版本、状态、得分结果、复核得分、材料")
def submission(request, submission_id: int):
    return detail(load(request.user, submission_id, access.can_view))


FACTS_BODY = {
    "requestBody": {
        "required": True,
        "description": "整份部门数据：JSON 或 YAML 文本；部门、年度、指标体系由批次决定",
        "content": {"application/json": {"schema": {"type": "object"}}, "application/yaml": {"schema": {"type": "string"}}},
    }
}


@router.put("/submissions/{submission_id}/facts", summary="写入整份数据（须附当前版本；版本已变则 409）", openapi_extra=FACTS_BODY)
def put_facts(request, submission_id: int, version: int, filename: str = facts_body.BODY):
    item = load(request.user, submission_id, access.can_load_facts)
    _version_first(version)
    framework = state_of(item).framework
    raw, locate = facts_body.read_body(request, filename[:200])
    # The round decides who, which year and which framework; the body gives the figures.
    raw.update(department=item.unit.name, year=item.round.year, framework=item.facts.get("framework", framework.id))
    facts_body.build(raw, locate, framework, "部门数据有误，未保存")
    return _replace(request, item, scoring.normalise(scoring.plain(raw), framework), f"接口 {filename[:200]}", version)


def _version_first(version: int) -> None:
    """A malformed version is refused before the body is read, as on the page."""
    try:
        services.parse_version(version)
    except services.BadVersion as error:
        raise refused(error) from None


def _replace(request, item: Submission, raw: dict, source: str, version: int) -> dict:
    try:
        item = services.replace_facts(item, request.user, raw, source, version)
    except services.Stale as error:
        raise stale(error) from None
    except services.Refused as error:
        raise refused(error) from None
    return detail(item)


@router.post("/submissions/{submission_id}/facts/file", summary="上传 Excel 填报表或 YAML 数据文件，整份替换（须附版本）")
def upload_facts(request, submission_id: int, version: Form[int], file: File[UploadedFile]):
    from django.conf import settings

    item = load(request.user, submission_id, access.can_load_facts)
    _version_first(version)
    name = store.clean_name(file.name or "")
    if not name.lower().endswith(FACTS_UPLOAD_SUFFIXES) or file.size > settings.UPLOAD_MAX_BYTES:
        raise ApiError(400, "bad_file", f"{name}：只接受不超过 {settings.UPLOAD_MAX_BYTES // 1048576} MB 的 .xlsx 填报表或 .yaml 数据文件", [{"loc": ["file"], "message": "文件类型或大小不符"}])
    framework = state_of(item).framework
    try:
        raw = read_facts_upload(file.read(), name, framework)
    except InputError as error:
        raise bad_facts(error, f"{name} 有误，未导入") from None
    raw.update(department=item.unit.name, year=item.round.year, framework=item.facts.get("framework", framework.id))
    return _replace(request, item, raw, name, version)


class FieldsIn(Schema):
    version: int
    changes: dict[str, str]


@router.patch("/submissions/{submission_id}/fields", summary="修改几个字段（字段名同网页，如 figures|年初预算；须附版本）")
def patch_fields(request, submission_id: int, payload: FieldsIn):
    item = load(request.user, submission_id, access.can_fill)
    try:
        item = services.save_fields(item, request.user, payload.changes, payload.version)
    except services.Stale as error:
        raise stale(error) from None
    except services.BadVersion as error:
        raise refused(error) from None
    except services.Refused as error:
        raise ApiError(400, "bad_field", "；".join(error.reasons), [{"loc": ["changes"], "message": r} for r in error.reasons]) from None
    return detail(item)


class CommentIn(Schema):
    comment: str = ""


@router.post("/submissions/{submission_id}/submit", summary="提交（存在须先处理的问题时 409 并逐条列出）")
def submit(request, submission_id: int):
    item = load(request.user, submission_id, access.can_fill)
    try:
        return detail(services.submit(item, request.user, state_of(item).framework))
    except services.Refused as error:
        raise refused(error, "cannot_submit") from None


@router.post("/submissions/{submission_id}/return", summary="退回（主管部门，须写意见）")
def return_submission(request, submission_id: int, payload: CommentIn):
    item = load(request.user, submission_id, access.can_review)
    try:
        return detail(services.return_submission(item, request.user, payload.comment))
    except services.Refused as error:
        raise refused(error) from None


@router.post("/submissions/{submission_id}/approve", summary="审核通过（主管部门）")
def approve(request, submission_id: int, payload: CommentIn):
    item = load(request.user, submission_id, access.can_review)
    try:
        return detail(services.approve(item, request.user, payload.comment))
    except services.Refused as error:
        raise refused(error) from None


class ReviewIn(Schema):
    path: list[str]
    score: str
    reason: str = ""
    stage: str = ReviewScore.DEPARTMENT


@router.post("/submissions/{submission_id}/review-scores", summary="复核得分与理由（主管部门 department；财政局抽查 finance；score 为空则撤销）")
def review_score(request, submission_id: int, payload: ReviewIn):
    if payload.stage not in (ReviewScore.DEPARTMENT, ReviewScore.FINANCE):
        raise ApiError(400, "bad_stage", "stage 应为 department（主管部门复核）或 finance（财政局抽查）", [{"loc": ["body", "stage"], "message": "取值不在允许范围内"}])
    check = access.can_review if payload.stage == ReviewScore.DEPARTMENT else access.can_spot_check
    item = load(request.user, submission_id, check)
    try:
        item = services.set_review_score(item, request.user, payload.stage, "/".join(payload.path), payload.score, payload.reason, state_of(item).framework)
    except services.Refused as error:
        raise refused(error) from None
    return detail(item)


@router.get("/submissions/{submission_id}/evidence", summary="佐证材料列表")
def evidence_list(request, submission_id: int):
    return [evidence_json(e) for e in load(request.user, submission_id, access.can_view).evidence.all()]


@router.post("/submissions/{submission_id}/evidence", summary="上传佐证材料（path 为指标路径，以 / 分隔；空则为整份填报的材料）")
def evidence_upload(request, submission_id: int, file: File[UploadedFile], path: Form[str] = ""):
    item = load(request.user, submission_id, access.can_fill)
    try:
        added = services.attach_evidence(item, request.user, file.name or "", file.size, file.read, path.strip(), state_of(item))
    except services.Refused as error:
        raise ApiError(400, "bad_evidence", str(error), [{"loc": ["file"], "message": str(error)}]) from None
    return evidence_json(added)


@router.get("/evidence/{evidence_id}", summary="下载佐证材料", tags=["佐证材料"])
def evidence_download(request, evidence_id: int):
    return views_files.evidence_download(request, evidence_id)  # the page's own download: scope, history, storage


@router.get("/submissions/{submission_id}/documents/{which}", summary="文书：scoresheet（评分表.xlsx）、docx、pdf（自评报告）")
def document(request, submission_id: int, which: str):
    item = load(request.user, submission_id, access.can_view)
    if which not in DOCUMENTS:
        raise ApiError(404, "not_found", f"没有文书“{which}”（可选：{'、'.join(DOCUMENTS)}）")
    filename, content_type = DOCUMENTS[which]
    content = document_bytes(item, which)
    if content is None:
        raise ApiError(409, "cannot_render", f"暂不能生成{filename}：填报数据有误未能评分，或未安装 PDF 转换程序（LibreOffice）")
    services.log(request.user, HistoryEntry.DOWNLOAD, submission=item, field=filename, comment="接口")
    return attachment(content, f"{item.round.year}-{item.unit.name}-{filename}", content_type)
