"""Issue 18 §11: the PDF made on the server uses Simplified Chinese faces for the GB/T 9704 fonts the report
names, never Noto Sans CJK JP glyph forms or DejaVu digits (render/fonts/fonts.conf, given to LibreOffice).
The report's own PDF is checked with pdffonts in test_documents.py."""
from __future__ import annotations

import subprocess

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt

from jixiao.render.documents import FONTS_CONF, convert_to_pdf

# Characters whose Japanese and Simplified Chinese glyphs differ (门 has the 門-like JP form, 骨 its inner stroke).
VARIANTS = "直骨化说门角"
TRIPLES = (  # a font the report names, the face it should get, the Japanese face of the same style
    ("仿宋_GB2312", "Noto Serif CJK SC", "Noto Serif CJK JP"),
    ("宋体", "Noto Serif CJK SC", "Noto Serif CJK JP"),
    ("黑体", "Noto Sans CJK SC", "Noto Sans CJK JP"),
)


def test_named_fonts_get_simplified_chinese_glyph_forms(tmp_path):
    document = Document()
    fonts = [font for triple in TRIPLES for font in triple]
    for number, font in enumerate(fonts):  # one page each, in one conversion
        run = document.add_paragraph().add_run(VARIANTS)
        run.font.name, run.font.size = font, Pt(36)
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        if number < len(fonts) - 1:
            run.add_break(WD_BREAK.PAGE)
    docx = tmp_path / "字形.docx"
    document.save(str(docx))
    pdf = convert_to_pdf(docx, tmp_path)
    subprocess.run(["pdftoppm", "-r", "30", "-gray", str(pdf), str(tmp_path / "page")], check=True)
    pages = [path.read_bytes() for path in sorted(tmp_path.glob("page-*.pgm"))]
    assert len(pages) == len(fonts)
    for (named, _, _), (as_named, simplified, japanese) in zip(TRIPLES, zip(pages[0::3], pages[1::3], pages[2::3])):
        assert as_named == simplified, named  # drawn exactly as the Simplified Chinese face draws it
        assert simplified != japanese, named  # and the Japanese face draws these characters differently


def test_the_mapping_resolves_each_named_font_to_its_face():
    expected = {"方正小标宋简体": "NotoSerifCJKsc-Bold", "仿宋_GB2312": "NotoSerifCJKsc-Regular", "宋体": "NotoSerifCJKsc-Regular",
                "黑体": "NotoSansCJKsc-Regular", "楷体_GB2312": "LXGWWenKai-Regular"}
    found = {}
    for font in expected:
        done = subprocess.run(["fc-match", "--format=%{postscriptname}", font], capture_output=True, text=True, check=True,
                              env={"FONTCONFIG_FILE": str(FONTS_CONF), "PATH": "/usr/bin:/bin"})
        found[font] = done.stdout
    assert found == expected
