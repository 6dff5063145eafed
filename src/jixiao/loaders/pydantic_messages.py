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
    "string_too_short": "不能为空",
    "string_too_long": "过长",
    "too_long": "项数过多",
    "finite_number": "应为有限的数值（不接受 inf、nan）",
    "float_parsing": "应为数值",
    "float_type": "应为数值",
    "decimal_max_digits": "数字位数过多",
    "decimal_max_places": "小数位数过多",
    "decimal_whole_digits": "整数位数过多",
    "int_parsing_size": "数值过大",
    "string_unicode": "应为文字",
    "none_required": "此处不应填写",
    "is_instance_of": "类型不符",
    "tuple_type": "应为列表",
    "set_type": "应为列表",
    "frozen_set_type": "应为列表",
    "mapping_type": "应为映射（键: 值）",
    "dict_attributes_type": "应为映射（键: 值）",
    "union_tag_invalid": "取值不在允许范围内",
    "recursion_loop": "嵌套层数过多",
    "json_invalid": "不是有效的 JSON",
    "json_type": "应为 JSON",
}
_LENGTHS = {"string_too_short": "（至少 {min_length} 个字符）", "string_too_long": "（不超过 {max_length} 个字符）", "too_long": "（不超过 {max_length} 项）"}
_BOUNDS = {"greater_than_equal": "不能小于 {ge}", "less_than_equal": "不能大于 {le}", "greater_than": "应大于 {gt}", "less_than": "应小于 {lt}"}


def translate_item(item: dict, fallback: str = "取值无效") -> str:
    """One pydantic error item (as in ValidationError.errors()) as a Chinese message, never pydantic's English."""
    kind = item.get("type", "")
    if kind in _BOUNDS:
        return _BOUNDS[kind].format(**item.get("ctx", {}))
    if kind == "value_error":
        message = str(item.get("ctx", {}).get("error", item.get("msg", "")))
        return fallback if message.isascii() else message  # a library's English ValueError, not one of jixiao's messages
    message = _MESSAGES.get(kind, fallback)
    if kind == "literal_error" and "ctx" in item:
        message += f"（可选：{item['ctx'].get('expected', '')}）"
    elif kind in _LENGTHS and kind != "string_too_short" and "ctx" in item:
        message += _LENGTHS[kind].format(**item["ctx"])
    return message


def validation_messages(error: ValidationError) -> list[tuple[tuple[str | int, ...], str]]:
    """(location, message) for each problem; a ValueError's own text is kept as written."""
    return [(tuple(item["loc"]), translate_item(item)) for item in error.errors()]
