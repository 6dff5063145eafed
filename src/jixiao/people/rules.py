"""Chinese phone numbers, 单位代码, and one-time passwords for accounts made from a 单位名单."""
from __future__ import annotations

import re
import secrets

# Mobile: 11 digits starting 13–19 (an optional +86 / 86 in front); fixed line: 0 + 2–3 digit area code, 7–8 digits,
# optionally an extension. Spaces and hyphens between groups are allowed and dropped.
MOBILE = re.compile(r"(?:\+?86)?1[3-9]\d{9}")
FIXED = re.compile(r"0\d{2,3}\d{7,8}(?:转\d{1,6})?")
CODE = re.compile(r"[0-9A-Z]{1,40}")
# Letters and digits a person can read back over the phone: no 0/O, 1/l/I.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def phone_problem(text: str) -> str | None:
    """None when the text is a Chinese mobile or fixed-line number, else why not (in Chinese)."""
    compact = re.sub(r"[\s\-()（）]", "", text)
    if MOBILE.fullmatch(compact) or FIXED.fullmatch(compact):
        return None
    digits = re.sub(r"\D", "", compact)
    if compact.startswith("1") and digits.isdigit() and len(digits) != 11:
        return f"手机号码应为 11 位数字，收到“{text}”（{len(digits)} 位）"
    return f"不是有效的电话号码：“{text}”（手机 11 位，以 13–19 开头；固定电话带区号，如 0755-12345678）"


def code_problem(text: str) -> str | None:
    if CODE.fullmatch(text.upper()):
        return None
    return f"单位代码只能由数字和大写字母组成（最多 40 位），收到“{text}”"


def one_time_password(length: int = 14) -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))
