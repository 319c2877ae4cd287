"""Where kg's own files (``ontology/``, ``queries/``) are, installed or not.

A wheel carries them inside the package (``kg/ontology``, mapped in
pyproject.toml); a source checkout and an editable install keep them at the
top of the repository, where users read and edit them.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def shipped(folder: str) -> Path:
    """The folder of kg's own ``folder`` files: the package's copy, else the checkout's."""
    inside = PACKAGE / folder
    return inside if inside.is_dir() else PACKAGE.parent / folder
