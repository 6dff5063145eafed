"""Hostile or broken files: a clear message, exit status 2, bounded time and memory."""
import zipfile

import pytest


def test_docx_zip_bomb(cli, tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" * (250 * 1024 * 1024))
    code, _, err = cli("ingest", path)
    assert code == 2 and "解压后过大" in err


def test_huge_file(cli, tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(25 * 1024 * 1024)
    code, _, err = cli("ingest", path)
    assert code == 2 and "文件过大" in err


@pytest.mark.parametrize("name, content, message", [
    ("garbage.txt", bytes(range(256)) * 100, "不是文本文件"),
    ("garbage.docx", b"\x00\x01\x02 not a zip", "已损坏"),
    ("garbage.pdf", b"%PDF-1.4 broken \x00\x01", "已损坏"),
    ("empty.md", b"   \n\n", "没有可读的文字"),
])
def test_binary_garbage(cli, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    code, _, err = cli("ingest", path)
    assert code == 2 and message in err and "Traceback" not in err


def test_pdf_without_text_layer(cli, tmp_path):
    # A valid one-page PDF with nothing on the page, like a scan before OCR.
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    body, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    body += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n" + str(xref).encode() + b"\n%%EOF\n"
    path = tmp_path / "scan.pdf"
    path.write_bytes(body)
    code, _, err = cli("ingest", path)
    assert code == 2 and "没有文字层" in err


def test_pdf_with_text_is_read(cli, tmp_path):
    """jixiao's own report as PDF: the stated total and the rows are read from its text layer."""
    from conftest import DAPENG

    out = tmp_path / "docs"
    assert cli("evaluate", DAPENG, "--out", out, "--pdf")[0] == 0
    from jixiao.ingest.report import ingest

    report = ingest(out / "自评报告.pdf")
    assert report.stated_total is not None and float(report.stated_total) == 93.76
    assert report.department == "深圳市大鹏新区政务服务数据管理局"


def test_folder_with_a_bad_file(cli, tmp_path):
    from conftest import ROOT

    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("002_8b3c8e17f1ca9b91.txt", "003_1c9126a573ba6f31.txt"):
        (folder / name).write_bytes((ROOT / "tests" / "fixtures" / "reports" / name).read_bytes())
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02")
    out = tmp_path / "out"
    code, stdout, _ = cli("ingest", folder, "-o", out)
    assert code == 1
    assert "已读取 2 份报告" in stdout and "bad.txt" in stdout
    assert sorted(p.name for p in out.iterdir()) == ["002_8b3c8e17f1ca9b91.yaml", "003_1c9126a573ba6f31.yaml", "读取失败.txt", "读取汇总表.xlsx"]
    assert "bad.txt" in (out / "读取失败.txt").read_text(encoding="utf-8")
