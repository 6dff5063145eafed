"""Open data of a publication: formula-looking text guarded in CSV, withheld units flagged, amounts exact text."""
import csv
import io
import json

from jixiao.disclosure.opendata import PublicationRecord, UnitRecord, to_csv, to_json


def test_csv_guards_text_but_not_our_numbers():
    records = [UnitRecord("+部门", "@单位", "-12.50", "1.00", "90.00", "88.50", "88.50", "良", url="/public/1/units/1/"),
               UnitRecord("部门", "=SUM(A1)", None, None, None, None, None, "", withheld=True, withheld_reason="-涉密")]
    rows = list(csv.reader(io.StringIO(to_csv(records).decode("utf-8-sig"))))
    assert rows[1][:4] == ["'+部门", "'@单位", "-12.50", "1.00"]  # a negative amount stays a number
    assert rows[2][1] == "'=SUM(A1)" and rows[2][8:10] == ["否", "'-涉密"]


def test_json_withheld_unit_has_no_scores():
    publication = PublicationRecord(1, "市财政局", 2021, "批次", "2026-03-01T10:00:00+08:00", "门户网站", None, "", "/public/1/")
    data = json.loads(to_json(publication, [UnitRecord("部门", "单位", "1.00", "1.00", "90.00", "90.00", "90.00", "优"),
                                            UnitRecord("部门", "密", None, None, None, None, None, "", withheld=True, withheld_reason="涉密")]))
    assert data["units"][0]["final_score"] == "90.00" and data["units"][0]["budget"] == "1.00"
    assert data["units"][1] == {"department": "部门", "unit": "密", "withheld": True, "withheld_reason": "涉密"}
