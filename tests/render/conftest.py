import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook


@pytest.fixture
def recalculate(tmp_path):
    """Open a workbook in LibreOffice headless, recalculating every formula, and read the values."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed for these tests: `make test` installs it (Debian libreoffice-calc-nogui)"

    def run(path: Path):
        out = tmp_path / f"recalc-{path.stem}"
        out.mkdir(exist_ok=True)
        profile = tmp_path / "lo-profile"
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(out), str(path)],
            check=True, capture_output=True, timeout=180,
        )
        return load_workbook(out / path.name, data_only=True)

    return run
