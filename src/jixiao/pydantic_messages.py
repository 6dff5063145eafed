"""Pydantic validation errors as Chinese messages with the location of the bad field."""
from __future__ import annotations

from pydantic import ValidationError

_MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段（可能拼写有误）",
    "decimal_parsing": "应为数值",
    "decimal_type": "应为数值",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "dict_type": "应为映射（键: 值）",
    "model_type": "应为映射（键: 值）",
    "bool_type": "应为 是/否（true/false）",
    "bool_parsing": "应为 是/否（true/false）",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "too_short": "不能为空",
}
_BOUNDS = {"greater_than_equal": "不能小于 {ge}", "less_than_equal": "不能大于 {le}", "greater_than": "应大于 {gt}", "less_than": "应小于 {lt}"}


def validation_messages(error: ValidationError) -> list[tuple[tuple[str | int, ...], str]]:
    """(location, message) for each problem; a ValueError's own text is kept as written."""
    out = []
    for item in error.errors():
        kind = item["type"]
        if kind in _BOUNDS:
            message = _BOUNDS[kind].format(**item.get("ctx", {}))
        elif kind == "value_error":
            message = str(item.get("ctx", {}).get("error", item["msg"]))
        else:
            message = _MESSAGES.get(kind, item["msg"])
            if kind == "literal_error" and "ctx" in item:
                message += f"（可选：{item['ctx'].get('expected', '')}）"
        out.append((tuple(item["loc"]), message))
    return out
