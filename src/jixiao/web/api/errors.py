"""One shape for every 4xx answer of the API:

    {"code": "...", "message": "中文", "errors": [{"loc": [...], "message": "中文"}]}

Raised as ApiError by the endpoints; ninja's own errors (validation, authentication) and Django's
(404, 403, 405, body too large) are translated here or, for answers made outside ninja, by
ErrorShapeMiddleware.
"""
from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpResponse, JsonResponse
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from jixiao.loaders.problems import InputError, Problem
from jixiao.loaders.pydantic_messages import translate_item

API_PREFIX = "/api/"
BY_STATUS = {
    400: ("bad_request", "请求有误"),
    401: ("unauthorized", "未提供有效的接口令牌（Authorization: Bearer <令牌>）"),
    403: ("forbidden", "无权访问"),
    404: ("not_found", "没有这个地址或对象"),
    405: ("method_not_allowed", "不支持此请求方法"),
    409: ("conflict", "与当前状态冲突"),
    413: ("too_large", "请求内容过大"),
    415: ("unsupported_media_type", "不支持的内容类型"),
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, errors: list[dict] | None = None, **extra):
        super().__init__(message)
        self.status, self.code, self.message, self.errors, self.extra = status, code, message, errors or [], extra

    def response(self) -> JsonResponse:
        body = {"code": self.code, "message": self.message, "errors": self.errors, **self.extra}
        return JsonResponse(body, status=self.status, json_dumps_params={"ensure_ascii": False})


def shaped(status: int, message: str | None = None, code: str | None = None, errors: list[dict] | None = None) -> JsonResponse:
    default_code, default_message = BY_STATUS.get(status, ("error", "请求有误"))
    return ApiError(status, code or default_code, message or default_message, errors).response()


def problem_item(problem: Problem) -> dict:
    """A loader's located problem: the field path as loc, plus its line or cell when known."""
    where = problem.where
    loc: list = [part for part in where.field.split(".") if part] if where.field else []
    item: dict = {"loc": loc, "message": problem.message}
    if where.line is not None:
        item["line"] = where.line
    if where.cell:
        item["cell"] = where.cell
    if where.file:
        item["file"] = where.file
    return item


def bad_facts(error: InputError, message: str = "部门数据有误，未保存") -> ApiError:
    return ApiError(400, "invalid_facts", message, [problem_item(p) for p in error.problems])


def install(api) -> None:
    """Exception handlers on the NinjaAPI: every error an endpoint can raise answers in the one shape."""

    @api.exception_handler(ApiError)
    def _api_error(request, error: ApiError):
        return error.response()

    @api.exception_handler(NinjaValidationError)
    def _validation(request, error: NinjaValidationError):
        items = [{"loc": [str(p) for p in item.get("loc", ())], "message": translate_item(item, "取值有误")} for item in error.errors]
        return shaped(400, "请求参数有误", "invalid_request", items)

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, error):
        response = shaped(401)
        response["WWW-Authenticate"] = 'Bearer realm="jixiao"'
        return response

    @api.exception_handler(PermissionDenied)
    def _denied(request, error):
        return shaped(403)

    @api.exception_handler(Http404)
    def _missing(request, error):
        return shaped(404)

    @api.exception_handler(RequestDataTooBig)
    def _too_big(request, error):
        return shaped(413, f"请求内容过大（表单与正文上限 {settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1048576} MB，佐证材料另有上限）")

    @api.exception_handler(HttpError)
    def _http(request, error: HttpError):
        return shaped(error.status_code)


class ErrorShapeMiddleware:
    """4xx answers under /api/ made outside the endpoints (unknown path, method, body too large) in the same shape."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or not 400 <= response.status_code < 500:
            return response
        if response.get("Content-Type", "").startswith("application/json") and _is_shaped(response):
            return response
        replacement = shaped(response.status_code)
        for header in ("Allow", "WWW-Authenticate"):
            if header in response:
                replacement[header] = response[header]
        return replacement


def _is_shaped(response: HttpResponse) -> bool:
    try:
        body = json.loads(response.content)
    except (ValueError, AttributeError):
        return False
    return isinstance(body, dict) and {"code", "message", "errors"} <= set(body)
