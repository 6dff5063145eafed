"""Text as Office files can hold it: control characters (a BEL or ESC pasted from another
program, a form feed from a PDF) are not allowed in their XML, so they are dropped on writing
rather than failing the whole document."""
from __future__ import annotations

import re
from typing import Any

_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def xml_safe(value: Any) -> Any:
    """Strings without the characters XML forbids (tabs and newlines kept); other values as they are."""
    return _NOT_IN_XML.sub("", value) if isinstance(value, str) else value


def xml_safe_tree(value: Any) -> Any:
    """The same for every string inside nested dicts and lists (a template's context)."""
    if isinstance(value, dict):
        return {key: xml_safe_tree(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [xml_safe_tree(item) for item in value]
    return xml_safe(value)
