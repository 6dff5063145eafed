"""A small client for the jixiao REST API on the standard library's urllib, with bounded timeouts.

Answers are decoded JSON; a 4xx/5xx answer raises ApiFailure with the API's Chinese message and
located errors; a server that cannot be reached raises Unreachable.
"""
from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

USER_AGENT = "jixiao-push/1"
MAX_ANSWER_BYTES = 64 * 1024 * 1024


@dataclass
class ApiFailure(Exception):
    status: int
    code: str
    message: str
    errors: list = field(default_factory=list)

    def describe(self, limit: int = 5) -> str:
        details = []
        for item in self.errors[:limit]:
            place = " · ".join(str(p) for p in item.get("loc", []))
            line = f"第 {item['line']} 行" if item.get("line") else (f"单元格 {item['cell']}" if item.get("cell") else "")
            where = "，".join(x for x in (line, place) if x)
            details.append(f"{where}：{item.get('message', '')}" if where else str(item.get("message", "")))
        more = f"（另有 {len(self.errors) - limit} 处）" if len(self.errors) > limit else ""
        return self.message + ("：" + "；".join(details) + more if details and details != [self.message] else "")


class Unreachable(Exception):
    pass


class ApiClient:
    def __init__(self, server: str, token: str, timeout: float = 60.0):
        self.base = server.rstrip("/") + "/api"
        self.token, self.timeout = token, timeout

    def get(self, path: str, **query) -> object:
        return self._call("GET", path, query)

    def send(self, method: str, path: str, body: bytes, content_type: str, **query) -> object:
        return self._call(method, path, query, body, content_type)

    def upload(self, path: str, filename: str, content: bytes, fields: dict[str, str]) -> object:
        body, content_type = multipart(filename, content, fields)
        return self._call("POST", path, {}, body, content_type)

    def _call(self, method: str, path: str, query: dict, body: bytes | None = None, content_type: str | None = None) -> object:
        url = self.base + urllib.parse.quote(path) + ("?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None}) if query else "")
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json", "User-Agent": USER_AGENT}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310 - http(s) checked by the caller
                return json.loads(answer.read(MAX_ANSWER_BYTES) or b"null")
        except urllib.error.HTTPError as error:
            raise _failure(error) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise Unreachable(f"无法连接服务器 {self.base}：{reason}") from None
        except ValueError:
            raise Unreachable(f"服务器 {self.base} 的回答不是 JSON（地址是否有误？）") from None


def _failure(error: urllib.error.HTTPError) -> ApiFailure:
    try:
        body = json.loads(error.read(1024 * 1024) or b"{}")
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    return ApiFailure(error.code, str(body.get("code", "error")), str(body.get("message", f"服务器返回 {error.code}")), list(body.get("errors") or []))


def multipart(filename: str, content: bytes, fields: dict[str, str]) -> tuple[bytes, str]:
    boundary = "jixiao-" + secrets.token_hex(12)
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    quoted = urllib.parse.quote(filename)
    head = f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{quoted}\"; filename*=UTF-8''{quoted}\r\nContent-Type: application/octet-stream\r\n\r\n"
    parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
