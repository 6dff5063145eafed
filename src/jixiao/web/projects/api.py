"""The API's project endpoints (/api/rounds/{round}/projects, /api/projects/{project}…): the same access checks and
services as the pages (jixiao.web.projects.services); a workflow step that cannot be taken now is a 409."""
from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from jixiao.web.api.errors import ApiError
from jixiao.web.orgs import access
from jixiao.web.projects import services
from jixiao.web.projects.models import ProjectSubmission
from jixiao.web.rounds.models import Round

router = Router(tags=["项目自评"])


def _load(user, pk: int, check) -> ProjectSubmission:
    submission = get_object_or_404(ProjectSubmission.objects.select_related("round", "unit", "unit__parent", "round__region"), pk=pk)
    access.require(check(user, submission))
    return submission


def _brief(submission: ProjectSubmission) -> dict:
    return {
        "id": submission.pk, "round": submission.round_id, "unit": submission.unit.name, "project": submission.project,
        "state": submission.state, "state_label": submission.get_state_display(),
        "score": None if submission.score is None else format(submission.score, "f"), "grade": submission.grade,
    }


@router.get("/rounds/{round_id}/projects", summary="批次中本人可见的项目自评", tags=["项目自评"])
def round_projects(request, round_id: int):
    round_ = get_object_or_404(Round, pk=round_id)
    access.require(access.can_view_round(request.user, round_))
    return [_brief(s) for s in round_.project_submissions.filter(access.submission_scope(request.user)).select_related("unit")]


@router.get("/projects/{project_id}", summary="一个项目自评：绩效目标、所填数据与评分结果", tags=["项目自评"])
def project(request, project_id: int):
    return services.result_json(_load(request.user, project_id, access.can_view))


class FactsIn(Schema):
    facts: dict


@router.put("/projects/{project_id}/facts", summary="写入项目自评的填报数据（资金、各指标完成情况、说明）", tags=["项目自评"])
def put_facts(request, project_id: int, body: FactsIn):
    submission = _load(request.user, project_id, access.can_fill)
    try:
        services.save_facts(submission, body.facts, request.user)
    except services.Refused as refused:
        raise ApiError(409, "not_editable", str(refused)) from None
    return services.result_json(submission)


class CommentIn(Schema):
    comment: str = ""


def _step(step, *args):
    try:
        step(*args)
    except services.Refused as refused:
        raise ApiError(409, "refused", str(refused)) from None


@router.post("/projects/{project_id}/submit", summary="提交项目自评", tags=["项目自评"])
def submit(request, project_id: int):
    submission = _load(request.user, project_id, access.can_fill)
    _step(services.submit, submission, request.user)
    return _brief(submission)


@router.post("/projects/{project_id}/return", summary="退回项目自评（主管部门）", tags=["项目自评"])
def return_project(request, project_id: int, body: CommentIn):
    submission = _load(request.user, project_id, access.can_review)
    _step(services.return_, submission, request.user, body.comment)
    return _brief(submission)


@router.post("/projects/{project_id}/approve", summary="审核通过项目自评（主管部门）", tags=["项目自评"])
def approve(request, project_id: int):
    submission = _load(request.user, project_id, access.can_review)
    _step(services.approve, submission, request.user)
    return _brief(submission)
