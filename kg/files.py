"""Writing output files whole or not at all."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import KGError


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write to a temporary file beside ``path``, then rename over it.

    A crash or an error half-way leaves the old file (or none), never half a
    file. A failure to write (no space, no permission, a folder in the way)
    raises ``KGError`` naming ``path``.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    problem = _unwritable(path.parent, [path.name])
    if problem is not None:
        raise KGError(problem[0], str(path))
    try:
        make_folders(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise cannot_write(error, path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        # mkstemp creates the file private (0600); give it the usual mode.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise cannot_write(error, path) from None
        raise
    return path


def cannot_write(error: OSError, path: str | Path) -> KGError:
    """The error to raise when writing ``path`` failed with ``error`` (no space, no permission …)."""
    return KGError(f"cannot write: {error.strerror or error}", str(path))


def make_folders(folder: Path) -> None:
    """``folder`` and its missing parents, made top-down without recursion
    (``Path.mkdir(parents=True)`` recurses once per missing level)."""
    missing = []
    while not folder.is_dir() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir(exist_ok=True)


def check_writable(folder: str | Path, names: Iterable[str] = ()) -> None:
    """Raise ``KGError`` now if files ``names`` could not be written into
    ``folder``, so that a long build does not fail only at its end."""
    problem = _unwritable(Path(folder), names)
    if problem is not None:
        raise KGError(*problem)


def _unwritable(folder: Path, names: Iterable[str]) -> tuple[str, str] | None:
    """Why files ``names`` could not be written into ``folder``, and where; None if they could."""
    existing = next(p for p in (folder, *folder.parents) if p.exists() or p == p.parent)
    if not existing.is_dir():
        return f"cannot write: {existing} is a file, not a folder", str(folder)
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"cannot write: permission denied on {existing}", str(folder)
    for name in names:
        if (folder / name).is_dir():
            return "cannot write: it is a folder", str(folder / name)
    return None
