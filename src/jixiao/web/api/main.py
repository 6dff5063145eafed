"""The REST API under /api/ (django-ninja): Bearer tokens, one error shape, docs at /api/docs.

Endpoints call the web system's own access checks and services (jixiao.web.orgs.access,
jixiao.web.rounds.services) and its scoring bridge; nothing here scores or changes state itself.
"""
from __future__ import annotations

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer

from jixiao.web.api import errors, routes_rounds, routes_submissions, tokens
from jixiao.web.projects import api as projects_api


class TokenAuth(HttpBearer):
    openapi_description = "个人接口令牌（在“个人设置”页创建）：Authorization: Bearer jx_…"

    def authenticate(self, request, token: str):
        user = tokens.authenticate(token)
        if user is not None:
            request.user = user  # the access checks and the history read request.user
        return user


class Utf8Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Chinese as text, not \u escapes


DESCRIPTION = """jixiao 绩效网页系统的接口：指标体系、评价批次、单位、填报（读取数据与得分、写入数据、提交、退回、审核通过、复核得分）、
佐证材料、文书、汇总表，以及与 `jixiao evaluate --json` 相同的评分。所有接口使用个人接口令牌（`Authorization: Bearer <令牌>`），
可见范围与网页相同。4xx 错误统一为 `{"code": "...", "message": "中文", "errors": [{"loc": [...], "message": "中文"}]}`。详见 docs/api.md。"""

api = NinjaAPI(
    title="jixiao 绩效 接口",
    version="1",
    description=DESCRIPTION,
    auth=TokenAuth(),
    renderer=Utf8Renderer(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("/", routes_rounds.router)
api.add_router("/", routes_submissions.router)
api.add_router("/", projects_api.router)  # 项目支出绩效自评 (jixiao.web.projects)
