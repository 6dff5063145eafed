"""Write several output files all-or-nothing: temporaries beside the targets, renamed at the end."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

Writer = Callable[[Path], None]


def write_all(targets: dict[Path, Writer]) -> None:
    """Each writer fills a temporary path; only when all succeed are they renamed into place."""
    temporaries: dict[Path, Path] = {}
    try:
        for target, writer in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=".jixiao-", suffix=target.suffix, dir=target.parent)
            os.close(handle)
            temporaries[target] = Path(name)
            writer(Path(name))
        mode = _default_mode()
        for target, temporary in temporaries.items():
            os.chmod(temporary, mode)  # mkstemp makes 0600; outputs get the usual umask-based mode
            os.replace(temporary, target)
        temporaries.clear()
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)


def text_writer(text: str) -> Writer:
    """A writer for write_all that puts UTF-8 text in its target."""
    return lambda target: target.write_text(text, encoding="utf-8")


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
