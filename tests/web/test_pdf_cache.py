"""Issue 18 §19: 自评报告.pdf is converted once per report content and served again from the data folder."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.web


@pytest.fixture
def conversions(monkeypatch, settings, tmp_path):
    """LibreOffice replaced by a counter (the conversion itself is tested in tests/render), over an empty cache:
    a real PDF another test kept for the same report must not answer here."""
    from jixiao.render import documents

    settings.DATA_DIR = tmp_path
    made = []

    def convert(docx, scratch):
        made.append(docx.read_bytes())
        out = scratch / "自评报告.pdf"
        out.write_bytes(b"%%PDF-1.4 converted %d\n" % len(made))
        return out

    monkeypatch.setattr(documents, "convert_to_pdf", convert)
    return made


def test_repeat_download_is_not_converted_again(login, own_submission, conversions):
    from web.test_workflow import _raw_dapeng

    own_submission.facts = {**own_submission.facts, **_raw_dapeng()}
    own_submission.save()
    loaded = own_submission
    client = login("filler_own")
    url = f"/submissions/{loaded.pk}/documents/pdf"
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content == b"%PDF-1.4 converted 1\n" and len(conversions) == 1
    assert login("reviewer_own").get(url).content == first.content and len(conversions) == 1  # kept for everyone
    # A saved change makes another report, and so another PDF.
    client.post(f"/submissions/{loaded.pk}/save/", {"narrative|存在问题": "年中调整预算偏多。", "version": loaded.version}, HTTP_HX_REQUEST="true")
    assert client.get(url).content == b"%PDF-1.4 converted 2\n" and len(conversions) == 2
