"""A submission's raw facts → the existing loader (build_facts) → jixiao.review.evaluate_and_check.

No scoring happens here: this module only addresses fields of the raw facts mapping by a
key ("figures|年初预算", "rows|部门决策/预算编制/预算编制合理性|unmet"), maps the loader's
located problems back to those keys, and keeps the score live while one field is wrong by
leaving the wrong entries out of a second attempt (the problems are still shown at their fields).
"""
from __future__ import annotations

import copy
import functools
import hashlib
import re
import tempfile
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from jixiao.loaders.facts_build import RawRow, RawSlotRow, build_facts
from jixiao.loaders.frameworks import load_framework, load_framework_file
from jixiao.loaders.list_fields import LIST_FIELDS, list_text, parse_list
from jixiao.loaders.problems import InputError, Problem
from jixiao.model.facts import Facts
from jixiao.model.framework import Framework
from jixiao.model.result import Evaluation, Finding, Where
from jixiao.review import evaluate_and_check

SEP = "|"
BOOL_FIELDS = {"met"}
MONEY_UNITS = ("元", "万元", "亿元")
DEFAULT_MONEY_UNIT = "万元"
RETRIES = 4


LABELS = {
    "target": "年度指标值", "actual": "实际完成值", "met": "是否达成", "unmet": "未达到的评分要点", "deductions": "扣分事项",
    "bonuses": "加分事项", "penalties": "减分事项", "score": "评定得分", "basis": "评分依据", "reason": "未达标原因",
    "improvement": "改进措施", "exempt": "免于扣分理由", "not_applicable": "不适用理由", "stated_score": "报告所列得分", "score_missing": "未列得分的说明",
    "name": "指标名称", "weight": "分值", "group": "类别",
}
TOP_LABELS = {"unit": "金额单位", "stated_total": "报告所列总分", "stated_grade": "报告所列等级", "department": "部门名称", "year": "年度", "framework": "指标体系"}


def field_title(key: str) -> str:
    """A field key as the page labels it (“在编人数”, “部门管理/资金管理/财务合规性：评定得分”), for messages."""
    parts = key.split(SEP)
    section, last = parts[0], LABELS.get(parts[-1], parts[-1])
    if len(parts) == 1:
        return TOP_LABELS.get(section, section)
    if section == "figures" and len(parts) == 2:
        return parts[1]
    if section == "narrative" and len(parts) == 2:
        return f"概况：{parts[1]}"
    if section == "rows" and len(parts) == 3:
        return f"{parts[1]}：{last}"
    if section == "rows" and len(parts) == 5 and parts[2] == "parts":
        return f"{parts[1]} > {parts[3]}：{last}"
    if section == "slots" and len(parts) == 4 and parts[2].isdigit():
        return f"{parts[1]}第{int(parts[2]) + 1}项：{last}"
    if section == "slots" and len(parts) == 3 and parts[2].isdigit():
        return f"{parts[1]}第{int(parts[2]) + 1}项"
    if section in ("rows", "slots") and len(parts) == 2:
        return parts[1] + ("（个性指标）" if section == "slots" else "")
    # Anything else still named by its parts' page labels, never by the stored section names (rows, slots, parts).
    return " > ".join(LABELS.get(part, part) for part in parts[1:] if part not in ("parts",)) or key


def explanation_title(key: str) -> str:
    """What a 问题说明 is about, from its key (code|field|path, see finding_key): the indicator's path, else the field."""
    parts = key.split(SEP)
    if len(parts) >= 2 and parts[-1]:
        return parts[-1]
    field = SEP.join(parts[1:-1])
    return field_title(field) if field else "整份填报"


def history_title(stored: str) -> str:
    """A history entry's 字段 as people read it: “部门决策/…/预算编制合理性：未达到的评分要点”, “问题说明：部门绩效/…”."""
    head, _sep, rest = stored.partition(SEP)
    if head == "问题说明" and rest:
        return f"问题说明：{explanation_title(rest)}"
    if head in ("复核得分", "佐证材料") and rest:
        return f"{head}：{rest}"
    return field_title(stored)


def finding_place(finding: Finding) -> str:
    """Where a finding is, for the 评分表's 复核意见 sheet: its indicator's path, else its field as the page labels it."""
    if finding.path:
        return "/".join(finding.path)
    return field_title(finding.where.field) if finding.where.field else ""


def titled(key: str, message: str) -> str:
    """A problem's message led by its field's title, unless the message already names it."""
    title = field_title(key) if key else ""
    return message if not title or title in message else f"{title}：{message}"


# The YAML names engine messages give for fields (for the CLI's YAML files), and what the page calls them.
_PAGE_NAMES = {**LABELS, **TOP_LABELS, "stated_total": "报告所列总分", "reviewed_total": "复核分数", "partial": "部分达到的评分要点"}
_YAML_NAME = "|".join(sorted(_PAGE_NAMES, key=len, reverse=True))
_FIGURE_ADDRESS = re.compile(r"（figures\.([^）]+)）")
_MET = re.compile(r"met: (true|false)")
_GLOSSED = re.compile(rf" ?(?<![A-Za-z_])({_YAML_NAME})（[^）A-Za-z/：:]{{1,8}}）")  # score（得分） → 评定得分
_BRACKETED = re.compile(rf"（({_YAML_NAME})）")  # 缺少年度指标值（target） → 缺少年度指标值
_BARE = re.compile(rf" ?(?<![A-Za-z_.|])({_YAML_NAME})(?![A-Za-z_]) ?")  # score 与 basis → 评定得分与评分依据


def on_page(message: str) -> str:
    """An engine message as the web page shows it: YAML field names (“figures.政府采购执行率”, “score（得分）”)
    become the fields' page labels; text quoted in “” (what was typed) is left as it is. The CLI keeps the YAML names."""
    pieces = re.split(r"(“[^”]*”)", message)
    return "".join(piece if piece.startswith("“") else _labelled(piece) for piece in pieces)


def _labelled(text: str) -> str:
    text = _FIGURE_ADDRESS.sub(lambda m: _unless_said(text, m, m[1], f"（{m[1]}）"), text)
    text = _MET.sub(lambda m: f"是否达成：{'是' if m[1] == 'true' else '否'}", text)
    text = _GLOSSED.sub(lambda m: _PAGE_NAMES[m[1]], text)
    text = _BRACKETED.sub(lambda m: _unless_said(text, m, _PAGE_NAMES[m[1]], f"（{_PAGE_NAMES[m[1]]}）"), text)
    return _BARE.sub(lambda m: _unless_said(text, m, _PAGE_NAMES[m[1]], _PAGE_NAMES[m[1]]), text)


def _unless_said(text: str, match: re.Match, label: str, shown: str) -> str:
    """Nothing where the words just before already give the label (“缺少年度指标值（target）”), else shown."""
    return "" if text[:match.start()].rstrip().endswith(label) else shown


def field_key(loc: tuple) -> str:
    return SEP.join(str(part) for part in loc)


def locate(loc: tuple) -> Where:
    return Where(field=field_key(loc))


# --- the round's framework -------------------------------------------------------------


def framework_for(framework_id: str, uploaded: bytes = b"", filename: str = "") -> Framework:
    if not uploaded:
        return load_framework(framework_id)
    return _uploaded_framework(hashlib.sha256(uploaded).hexdigest(), Path(filename).suffix.lower() or ".yaml", bytes(uploaded), filename)


@lru_cache(maxsize=32)
def _uploaded_framework(digest: str, suffix: str, content: bytes, filename: str) -> Framework:
    return read_framework_upload(content, filename or f"framework{suffix}")


def read_framework_upload(content: bytes, filename: str) -> Framework:
    """Validate an uploaded framework file with the loaders; InputError carries its located problems."""
    suffix = Path(filename).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="jixiao-fw-") as scratch:
        path = Path(scratch) / f"framework{suffix}"
        path.write_bytes(content)
        try:
            return load_framework_file(path)
        except InputError as error:
            raise renamed(error, str(path), filename) from None


# A framework file's YAML keys as a person writing one reads them in docs/frameworks.md.
_FRAMEWORK_KEYS = {
    "name": "名称", "weight": "分值", "rule": "评分规则", "kind": "规则类型", "params": "参数", "standard": "评分标准",
    "explanation": "指标解释", "children": "下级指标", "criteria": "评分要点", "points": "分数", "figures": "数据项",
    "derived": "派生数据", "formula": "公式", "grades": "等级", "slot": "个性指标位置", "indicators": "指标", "total": "总分",
}


def framework_problem(problem: Problem, content: bytes) -> str:
    """An uploaded framework's problem for the page: the indicator by its names (“部门决策/预算编制”), not by
    its position in the YAML (“indicators.0.children.1”); the line in the person's own file is kept."""
    where = problem.where
    place = where.field
    if place:
        import yaml

        try:
            raw = yaml.safe_load(content.decode("utf-8"))
        except (UnicodeDecodeError, yaml.YAMLError):
            raw = None
        place = indicator_place(raw, place)
    shown = Where(where.file, where.line, where.cell, "").describe()
    text = "，".join(p for p in (shown, place) if p)
    return f"{text}：{problem.message}" if text else problem.message


def indicator_place(raw: object, dotted: str) -> str:
    """“indicators.0.children.1.rule.kind” → “指标“部门决策/预算编制”的评分规则 > 规则类型”, read from the file's own names."""
    parts = dotted.split(".")
    node, names, index = raw, [], 0
    while index + 1 < len(parts) and parts[index] in ("indicators", "children") and parts[index + 1].isdigit():
        items = node.get(parts[index]) if isinstance(node, dict) else None
        position = int(parts[index + 1])
        if not isinstance(items, list) or position >= len(items):
            break
        node = items[position]
        name = node.get("name") if isinstance(node, dict) else None
        names.append(str(name).strip() if name else f"第 {position + 1} 项")
        index += 2
    tail = " > ".join(_FRAMEWORK_KEYS.get(part, f"第 {int(part) + 1} 项" if part.isdigit() else part) for part in parts[index:])
    if not names:
        return f"“{tail}”" if tail else ""
    return f"指标“{'/'.join(names)}”" + (f"的{tail}" if tail else "")


def renamed(error: InputError, scratch: str, filename: str) -> InputError:
    """The same problems, naming the file the person uploaded rather than a scratch copy."""
    return InputError([Problem(replace(p.where, file=filename) if p.where.file == scratch else p.where, p.message) for p in error.problems])


def plain(value: object) -> object:
    """A loaded YAML/xlsx mapping as JSON: numbers kept exactly as text, mappings and lists plain."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    return str(value)


# --- reading and writing fields of the raw mapping ---------------------------------------


def new_draft(department: str, year: int, framework_id: str) -> dict:
    return {"department": department, "year": year, "framework": framework_id, "unit": DEFAULT_MONEY_UNIT, "figures": {}, "rows": {}, "slots": {}}


def normalise(raw: dict, framework: Framework) -> dict:
    """Rows and slots keyed by their full path, so that a web field and an uploaded file name the same row."""
    out = copy.deepcopy(raw)
    for section, slots in (("rows", False), ("slots", True)):
        entries = out.get(section) or {}
        if not isinstance(entries, dict):
            continue
        rekeyed = {}
        for key, value in entries.items():
            matches = framework.resolve(str(key), slots=slots)
            rekeyed["/".join(matches[0][0]) if len(matches) == 1 else key] = value
        out[section] = rekeyed
    return out


ROW_FIELDS = frozenset(RawRow.model_fields) - {"parts"}
SLOT_FIELDS = frozenset(RawSlotRow.model_fields) - {"parts"}
TOP_FIELDS = frozenset({"unit", "stated_total", "stated_grade"})
MAX_TEXT = 10_000


def editable(key: str, raw: dict) -> bool:
    """Whether a person may set this field: the shapes the fill-in page has, nothing else (not who, year or framework).

    A 个性指标 field must belong to a row that exists (rows are made by adding one to a slot)."""
    parts = key.split(SEP)
    if any(not part.strip() for part in parts):
        return False
    section, size = parts[0], len(parts)
    if size == 1:
        return section in TOP_FIELDS
    if section in ("figures", "narrative"):
        return size == 2
    if section == "rows":
        return (size == 3 and parts[2] in ROW_FIELDS) or (size == 5 and parts[2] == "parts" and parts[4] in ROW_FIELDS)
    if section == "slots":
        rows = (raw.get("slots") or {}).get(parts[1])
        return size == 4 and parts[2].isdigit() and isinstance(rows, list) and int(parts[2]) < len(rows) and parts[3] in SLOT_FIELDS
    return False


def get_value(raw: dict, key: str) -> str:
    """The text a field shows: lists as list_fields writes them (评分要点 “3,4”), booleans 是/否, numbers as typed."""
    node: object = raw
    parts = _parts(key)
    for part in parts:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return ""
    if node is None:
        return ""
    if isinstance(node, bool):
        return "是" if node else "否"
    if isinstance(node, list):
        return list_text(str(parts[-1]), node)
    return str(node)


def set_value(raw: dict, key: str, text: str) -> dict:
    """A copy of raw with the field set from its typed text (empty text removes it)."""
    out = copy.deepcopy(raw)
    parts = _parts(key)
    node = out
    for part in parts[:-1]:
        if isinstance(node, list):
            node = node[part]
            continue
        child = node.get(part)
        if not isinstance(child, (dict, list)):
            child = node[part] = {}
        node = child
    last = parts[-1]
    value = _typed(str(last), text)
    if value is None or value == []:
        if isinstance(node, dict):
            node.pop(last, None)
    else:
        node[last] = value
    _prune(out)
    return out


def _typed(name: str, text: str) -> object:
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return None
    if name in LIST_FIELDS:
        return parse_list(name, text)
    if name in BOOL_FIELDS:
        return {"是": True, "否": False}.get(text, text)
    if name == "year":
        return int(text) if text.isdigit() else text
    return text


def _parts(key: str) -> list:
    parts: list = key.split(SEP)
    if parts[0] == "slots" and len(parts) > 2 and parts[2].isdigit():
        parts[2] = int(parts[2])
    return parts


def _prune(raw: dict) -> None:
    """Rows left with no entries are dropped, so an emptied row is the same as one never typed."""
    for section in ("rows",):
        rows = raw.get(section)
        if isinstance(rows, dict):
            for key in [k for k, v in rows.items() if v == {} or (isinstance(v, dict) and v.get("parts") == {} and len(v) == 1)]:
                del rows[key]


# --- scoring ------------------------------------------------------------------------------


@dataclass
class Scored:
    facts: Facts | None
    evaluation: Evaluation | None
    problems: dict[str, list[str]] = field(default_factory=dict)  # field key → messages (input problems)
    wrong_rows: frozenset[tuple[str, ...]] = frozenset()  # rows with a field in error, scored without that field

    @functools.cached_property
    def findings(self) -> tuple[Finding, ...]:
        """The evaluation's findings, but none about a row scored without its wrong field: they would quote
        a score the row does not have (“5 项评分要点中 5 项达到，得满分” for “34”)."""
        found = self.evaluation.findings if self.evaluation else ()
        return tuple(f for f in found if f.path not in self.wrong_rows) if self.wrong_rows else found

    def blocking(self, explanations: dict | None = None) -> list[str]:
        """What stops a submission: input problems, blocking findings and errors."""
        out = [titled(key, message) for key, messages in self.problems.items() for message in messages]
        if self.evaluation is None and not out:
            out.append("无法评分")
        out += [f"{finding_title(f)}：{f.message}" for f in self.findings if f.blocking or f.severity == "error"]
        return out

    @functools.cached_property
    def notes_at(self) -> dict[str, list[str]]:
        """Errors and warnings of the checks located at one field (a figure): shown at that field too."""
        out: dict[str, list[str]] = {}
        for finding in self.findings:
            if finding.severity in ("error", "warning") and finding.where.field:
                out.setdefault(finding.where.field, []).append(finding.message)
        return out

    def unexplained_warnings(self, explanations: dict) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning" and not f.blocking and not str(explanations.get(finding_key(f), "")).strip()]


def finding_title(finding: Finding) -> str:
    """What a finding is about, as the page names it: the indicator's path, else its field, else the whole submission."""
    if finding.path:
        return "/".join(finding.path)
    return field_title(finding.where.field) if finding.where.field else "整份填报"


def finding_key(finding: Finding) -> str:
    return SEP.join((finding.code, finding.where.field, "/".join(finding.path)))


def score(raw: dict, framework: Framework) -> Scored:
    problems: dict[str, list[str]] = {}
    attempt = raw
    for _ in range(RETRIES):
        try:
            facts = build_facts(attempt, locate, framework, source="", typed=True)
        except InputError as error:
            removed = False
            earlier = set(problems)
            for problem in error.problems:
                key = problem.where.field
                if key in earlier:
                    continue  # what the field says once it was left out (缺少必填字段) is not a second problem
                if problem.message not in problems.setdefault(key, []):
                    problems[key].append(problem.message)
                if key and get_value(attempt, key) != "":
                    attempt, removed = set_value(attempt, key, ""), True
            if not removed:
                break
            continue
        return Scored(facts, evaluate_and_check(framework, facts), problems, _wrong_rows(raw, problems))
    return Scored(None, None, problems)


def _wrong_rows(raw: dict, problems: dict[str, list[str]]) -> frozenset[tuple[str, ...]]:
    """The paths of the rows (and 个性指标 rows) a problem's field belongs to."""
    out = set()
    for key in problems:
        parts = key.split(SEP)
        if parts[0] == "rows" and len(parts) > 2:
            out.add(tuple(parts[1].split("/")))
        elif parts[0] == "slots" and len(parts) > 3 and parts[2].isdigit():
            entries = (raw.get("slots") or {}).get(parts[1])
            entry = entries[int(parts[2])] if isinstance(entries, list) and int(parts[2]) < len(entries) else None
            if isinstance(entry, dict):
                group = entry.get("group")
                out.add(tuple(parts[1].split("/")) + ((str(group).strip(),) if group else ()) + (str(entry.get("name", "")).strip(),))
    return frozenset(out)


def reviewed_total(framework: Framework, evaluation: Evaluation, overrides: dict[str, Decimal]) -> Decimal:
    """复核分数: each row's 复核得分 where one is given, else its computed score, rounded by the framework's rule."""
    return sum(
        (framework.rounding.apply(overrides.get("/".join(row.path), row.score)) for row in evaluation.rows),
        Decimal(0),
    )
