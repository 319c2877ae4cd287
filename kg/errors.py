"""Errors a user sees: one line, naming the file and the problem."""
from __future__ import annotations


class KGError(Exception):
    """A problem with the user's input or request; the CLI prints it and exits 1."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        self.path, self.line = path, line
        where = path if line is None else f"{path}:{line}"
        super().__init__(f"{where}: {message}" if path else message)
