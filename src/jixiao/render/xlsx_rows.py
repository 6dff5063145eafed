"""A worksheet that writes a block of many plain rows (a region's 汇总表: 40,000 lines) as XML text at once.

XlsxWriter keeps every cell as an object and, on closing, writes each through a generic routine (attributes,
escaping, spans): ~10 µs a cell, four seconds for a 40,000-line 汇总表. FastRows.fast_row renders a row's
cells to their XML when it is given — numbers, text (XlsxWriter's shared string table, as it writes it), blank
cells and jixiao's own formulas with their computed values — and writes the block in its place among the
sheet's other rows (title, headers, written as usual). Output as XlsxWriter writes the same cells
(tests/render/test_xlsx_rows.py). Uses XlsxWriter 3's private writing hooks, pinned in pyproject.toml.
"""
from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from jixiao.render.xml_text import xml_safe

TEXT_LIMIT = 32767  # characters in a cell (XlsxWriter's own limit)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") if ("&" in text or "<" in text or ">" in text) else text


class FastRows(Worksheet):
    """Formulas are all jixiao's own (IF, AND, ISNUMBER, SUM, AVERAGE, ROUND, COUNT): nothing to expand into
    _xlfn. names, so XlsxWriter's regular-expression passes per formula are skipped as well."""

    def __init__(self) -> None:
        super().__init__()
        self._fast: dict[int, str] = {}
        self._shared: dict[str, int] = {}  # a text (as given) → its shared-string index: names repeat over thousands of rows
        self._columns: list[str] = []

    def _prepare_formula(self, formula, expand_future_functions=False):
        return formula[1:] if formula.startswith("=") else formula

    def fast_rows(self, first: int, rows, formats) -> None:
        """Rows from `first` (zero-based) on, each a sequence of cells: None blank, str text (never a formula),
        ("=formula", value) one of jixiao's formulas with the value it computed, else a number; `formats` per column.
        Rows given here form one block: no other cell may be written inside it."""
        columns = [xl_col_to_name(column) for column in range(len(formats))]
        styles = ["" if cell_format is None else f' s="{cell_format._get_xf_index()}"' for cell_format in formats]
        cells = list(zip(columns, styles))
        fast, string_index, row = self._fast, self._string_index, first - 1
        for row, values in enumerate(rows, start=first):
            excel = row + 1
            parts = [f'<row r="{excel}">']
            append = parts.append
            for (letter, style), value in zip(cells, values):
                kind = type(value)
                if value is None:
                    append(f'<c r="{letter}{excel}"{style}/>')
                elif kind is str:
                    append(f'<c r="{letter}{excel}"{style} t="s"><v>{string_index(value)}</v></c>')
                elif kind is tuple:
                    formula, result = value
                    if type(result) is str:  # "" (no value yet) is written without a type, as XlsxWriter does
                        typed = ' t="str"' if result else ""
                        append(f'<c r="{letter}{excel}"{style}{typed}><f>{_escape(formula[1:])}</f><v>{_escape(result)}</v></c>')
                    else:
                        append(f'<c r="{letter}{excel}"{style}><f>{_escape(formula[1:])}</f><v>{result}</v></c>')
                else:
                    append(f'<c r="{letter}{excel}"{style}><v>{value:.16G}</v></c>')
            append("</row>")
            fast[row] = "".join(parts)
        if row >= first:
            self._check_dimensions(first, 0)
            self._check_dimensions(row, len(formats) - 1)

    def _string_index(self, value: str) -> int:
        index = self._shared.get(value)
        if index is None:
            text = xml_safe(value)[:TEXT_LIMIT]
            index = self._shared[value] = self.str_table._get_shared_string_index(text)
        return index

    def _write_rows(self) -> None:
        if not self._fast:
            return super()._write_rows()
        top, bottom = self.dim_rowmin, self.dim_rowmax
        first, last = min(self._fast), max(self._fast)
        if any(self.table.get(row) for row in range(first, last + 1) if row not in self._fast) or any(self.table.get(row) for row in self._fast):
            raise ValueError("FastRows: a cell written the usual way inside the block of fast rows")
        try:
            if top < first:
                self.dim_rowmax = first - 1
                super()._write_rows()
            self.fh.write("".join(self._fast[row] for row in sorted(self._fast)))
            if last < bottom:
                self.dim_rowmin, self.dim_rowmax = last + 1, bottom
                super()._write_rows()
        finally:
            self.dim_rowmin, self.dim_rowmax = top, bottom
