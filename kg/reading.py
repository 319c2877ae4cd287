"""Input paths → documents: the first stage of a build.

``read_inputs`` turns paths (pages, JSONL corpora, folders) into
``Document``s, decoding each file by its bytes, never by its name
(``kg.decoding``). A page is one document; a JSONL corpus one per line.
Bad input raises ``KGError`` naming the file and line.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date as Date
from pathlib import Path

from .decoding import decode
from .errors import KGError
from .model import Document

PAGE_SUFFIXES = (".txt", ".md")
CORPUS_SUFFIXES = (".jsonl",)
READABLE = PAGE_SUFFIXES + CORPUS_SUFFIXES

Warn = Callable[[str], None]


def read_inputs(paths: Sequence[str | Path], keep_going: bool = False,
                warn: Warn | None = None) -> list[Document]:
    """Read every page and JSONL item under ``paths``, in the order given.

    Needs paths to pages (.txt, .md), JSONL corpora (.jsonl) or folders
    (searched recursively, files sorted by path; hidden ones skipped). Gives one
    Document per page and per JSONL item; a file named twice is read once.
    Bad input raises ``KGError`` naming the file (and line). With
    ``keep_going`` each bad file or line is passed to ``warn`` instead and
    skipped; if nothing readable is left, ``KGError`` is raised all the same.
    """
    if not paths:
        raise KGError("no input given: name pages (.txt, .md), .jsonl corpora or folders")
    skipped: list[str] = []

    def problem(error: KGError) -> None:
        if not keep_going:
            raise error
        skipped.append(str(error))
        if warn is not None:
            warn(str(error))

    documents: list[Document] = []
    seen: set[Path] = set()
    names: set[str] = set()
    for path in map(Path, paths):
        try:
            files = input_files(path)
        except KGError as error:
            problem(error)
            continue
        for file in files:
            if file.resolve() in seen:
                continue
            seen.add(file.resolve())
            # a file is known by its name, or by its path where another file has that name
            name = file_name(file) if file_name(file) not in names else _as_text(str(file))
            names.add(name)
            try:
                documents.extend(read_file(file, problem, name))
            except KGError as error:
                problem(error)
    if not documents:
        raise KGError(f"nothing left to build: all {len(skipped)} bad inputs were skipped"
                      if skipped else "nothing to read in the given inputs")
    return documents


def input_files(path: Path) -> list[Path]:
    """The readable files a path names: itself, or those under a folder, sorted."""
    if path.is_dir():
        files = [f for f in _walk(path) if f.suffix.lower() in READABLE]
        if not files:
            raise KGError("folder has no .txt, .md or .jsonl files", str(path))
        return sorted(files, key=lambda f: f.relative_to(path).as_posix())
    if not path.exists():
        raise KGError("no such file or folder", str(path))
    if path.suffix.lower() not in READABLE:
        raise KGError(f"unsupported file type {path.suffix or '(no extension)'}: "
                      "expected .txt, .md or .jsonl", str(path))
    return [path]


def _walk(folder: Path) -> list[Path]:
    """The files under ``folder``, hidden ones and those in hidden folders left
    out. Iterative, so that no depth of nesting exhausts the stack."""
    files, stack = [], [folder]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):     # as rglob: no symlink loops
                        stack.append(Path(entry.path))
                    elif entry.is_file():
                        files.append(Path(entry.path))
        except OSError as error:
            raise KGError(f"cannot read folder: {error.strerror or error}", str(current)) from None
    return files


def read_file(file: Path, problem: Callable[[KGError], None], name: str | None = None) -> list[Document]:
    """The documents of one file: a page is one, a corpus one per item.

    ``problem`` gets each bad JSONL line (it raises, or records and returns);
    ``name`` (default: the file's name) names the documents.
    """
    name = name or file_name(file)
    try:
        if not file.is_file():
            raise KGError("not a regular file (a device, pipe or socket): kg reads files", str(file))
        data = file.read_bytes()
    except OSError as error:
        raise KGError(f"cannot read: {error.strerror or error}", str(file)) from None
    text = decode(data, file)
    if file.suffix.lower() in CORPUS_SUFFIXES:
        return read_corpus(text, file, problem, name)
    return [Document(name=name, text=text, path=str(file))]


def file_name(file: Path) -> str:
    """The name of ``file`` as text (see ``_as_text``)."""
    return _as_text(file.name)


def _as_text(name: str) -> str:
    # bytes of a file name that are not UTF-8 become \xff escapes, so that the name can stand in the graph
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def read_corpus(text: str, file: Path, problem: Callable[[KGError], None],
                name: str | None = None) -> list[Document]:
    """One Document per JSONL line of ``text`` (blank lines are skipped; ``decode``
    has made sure there is some other line).

    Items are named ``file.jsonl#id`` (``#line`` without an id; ``name``
    instead of the file's name if given); an id seen before in the file gets
    ``@line`` added (again, until the name is new) so that names stay unique.
    """
    documents: list[Document] = []
    names: set[str] = set()
    # Only "\n" ends a JSON line: U+2028 and friends may stand raw inside strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            doc = corpus_item(line, number, file, name)
        except KGError as error:
            problem(error)
            continue
        unique = doc.name
        while unique in names:
            unique = f"{unique}@{number}"
        if unique != doc.name:
            doc = replace(doc, name=unique)
        names.add(doc.name)
        documents.append(doc)
    return documents


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def corpus_item(line: str, number: int, file: Path, name: str | None = None) -> Document:
    """The Document of one JSONL line: ``text`` required; ``title``, ``date``, ``id`` optional."""
    where = str(file)
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        at = "" if error.msg.endswith(" at") else " at"      # "Unterminated string starting at"
        raise KGError(f"malformed JSON line: {error.msg}{at} column {error.colno}", where, number) from None
    except RecursionError:
        raise KGError("JSON line nested too deep to read", where, number) from None
    except ValueError as error:         # an integer of over 4,300 digits
        raise KGError(f"JSON line not readable: {error}", where, number) from None
    if not isinstance(item, dict):
        raise KGError(f"expected a JSON object, got {type(item).__name__}", where, number)
    text = item.get("text")
    if text is None:
        raise KGError('JSON item has no "text"', where, number)
    if not isinstance(text, str):
        raise KGError(f'"text" is a {type(text).__name__}, not a string', where, number)
    if not text.strip():
        raise KGError('"text" is empty', where, number)
    ident = item.get("id")
    ident = None if ident is None or str(ident).strip() == "" else str(ident).strip()
    title = item.get("title")
    title = clean_title(str(title)) if title is not None and str(title).strip() else None
    for field_name, value in (("text", text), ("id", ident), ("title", title)):
        if value is not None and (surrogate := _LONE_SURROGATE.search(value)):
            code = ord(surrogate.group())
            raise KGError(f'"{field_name}" holds a lone surrogate \\u{code:04x}, which is not a character: '
                          "the line was written from broken UTF-16", where, number)
    return Document(name=f"{name or file_name(file)}#{ident or number}", text=text, path=where,
                    title=title, date=iso_date(item.get("date")), id=ident)


_DATE = re.compile(r"\s*(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})|(\d{2})(\d{2})(?!\d))")


def iso_date(value: object) -> str | None:
    """``2021-01-01``, ``2021/1/1``, ``2021年1月1日``, ``20210101`` (a time may follow) → ISO date, else None."""
    match = _DATE.match(str(value)) if value is not None else None
    if not match:
        return None
    year, month, day = match.group(1), match.group(2) or match.group(4), match.group(3) or match.group(5)
    try:
        return Date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


_SPACES = re.compile(r"\s+")


def clean_title(text: str) -> str:
    """A headline line as a title: spaces collapsed, markdown emphasis removed."""
    return _SPACES.sub(" ", text.strip().strip("*_").strip())
