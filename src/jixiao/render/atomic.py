"""Write several output files all-or-nothing.

Every destination is checked before anything is written (a directory where a file should go,
a file where a directory should be); each writer fills a temporary beside its target; only when
all have succeeded are they moved into place, and if a move fails the ones already moved are
undone (earlier files restored) and directories made for the purpose removed again.
"""
from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Callable

Writer = Callable[[Path], None]


def check_destinations(targets: list[Path]) -> None:
    """Raise OSError (with the offending path) for a destination that cannot take a file."""
    for target in targets:
        if target.is_dir():
            raise OSError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
        ancestor = target.parent
        while not ancestor.exists() and ancestor != ancestor.parent:
            ancestor = ancestor.parent
        # The file that cannot be written first, the folder that is the reason second (OSError's filename2).
        if not ancestor.is_dir():
            raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(target), None, str(ancestor))
        if not os.access(ancestor, os.W_OK | os.X_OK):
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(target), None, str(ancestor))


def write_all(targets: dict[Path, Writer]) -> None:
    """Each writer fills a temporary path; only when all succeed are they renamed into place."""
    check_destinations(list(targets))
    made_dirs: list[Path] = []
    temporaries: dict[Path, Path] = {}
    moved: list[tuple[Path, Path | None]] = []  # (target, backup of what it replaced)
    try:
        for target, writer in targets.items():
            made_dirs.extend(_make_parents(target.parent))
            handle, name = tempfile.mkstemp(prefix=".jixiao-", suffix=target.suffix, dir=target.parent)
            os.close(handle)
            temporaries[target] = Path(name)
            writer(Path(name))
        mode = _default_mode()
        for target, temporary in temporaries.items():
            os.chmod(temporary, mode)  # mkstemp makes 0600; outputs get the usual umask-based mode
            backup = None
            if target.exists():
                handle, name = tempfile.mkstemp(prefix=".jixiao-old-", dir=target.parent)
                os.close(handle)
                backup = Path(name)
                os.replace(target, backup)
            moved.append((target, backup))
            os.replace(temporary, target)
        temporaries.clear()
        for _target, backup in moved:
            if backup is not None:
                backup.unlink(missing_ok=True)
        moved.clear()
        made_dirs.clear()
    finally:
        for target, backup in reversed(moved):  # undo: the earlier files come back
            if backup is not None:
                os.replace(backup, target)
            elif target not in temporaries or not temporaries[target].exists():
                target.unlink(missing_ok=True)
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
        for folder in reversed(made_dirs):
            try:
                folder.rmdir()
            except OSError:
                pass


def _make_parents(folder: Path) -> list[Path]:
    """Create folder and its missing ancestors; returns those created, outermost first."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
    return list(reversed(missing))


def text_writer(text: str) -> Writer:
    """A writer for write_all that puts UTF-8 text in its target."""
    return lambda target: target.write_text(text, encoding="utf-8")


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
