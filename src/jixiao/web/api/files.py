"""File answers of the API, made by the same builders as the pages' downloads."""
from __future__ import annotations

from jixiao.web.rounds.context import summary_lines
from jixiao.web.rounds.views_files import XLSX, _workbook_bytes, attachment


def summary_xlsx_response(submissions, title: str, filename: str):
    from jixiao.render.summary_xlsx import build_summary

    return attachment(_workbook_bytes(build_summary(summary_lines(submissions), title)), filename, XLSX)
