"""What one document yields, kept between builds: ``out/.kg-cache/``.

A second build into the same folder re-extracts only the documents that are
new or changed; resolution and the graph are redone over all of them. An
entry is keyed by the document (name, text, title, date, id) and by the
extractor's fingerprint: kg's code, its lexicons and data files, the lexicon
object in use and the tagger. Any change to one of these misses every entry.

Entries are gzipped JSON, never pickle: a cache is a folder anybody may have
written to, so reading an entry runs no code. An entry that does not parse,
names another key or holds anything but the model's own classes is reported,
rebuilt and overwritten; it is never trusted.
"""
from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path

from .files import write_atomic
from .lexicon import Lexicon
from .model import Action, Article, Document, Evidence, Facts, Membership, Mention, Relation, Span

FORMAT = 1
FOLDER = ".kg-cache"
# Shared, mutable objects are written once and referred to by number; the rest inline.
_SHARED = (Article, Mention)
_CLASSES = {cls.__name__: cls for cls in (Article, Mention, Span, Evidence, Membership, Action, Relation, Facts)}
_FIELDS = {cls: frozenset(f.name for f in dataclasses.fields(cls)) for cls in _CLASSES.values()}


@dataclass
class Extracted:
    """What extraction makes of one document: its articles and their facts."""
    articles: list[Article]
    facts: list[Facts]


class CacheEntryError(ValueError):
    """An entry that cannot be trusted: it is rebuilt."""


def fingerprint(lexicon: Lexicon, tagger) -> str | None:
    """The extractor's identity: kg's code and data, the lexicon, the tagger.

    None for a tagger that does not say what it is (no ``fingerprint``): its
    documents are not cached.
    """
    tagger_print = getattr(tagger, "fingerprint", None)
    if tagger_print is None:
        return None
    digest = hashlib.sha256(f"kg-cache {FORMAT}\0{tagger_print}\0{code_fingerprint()}\0".encode())
    for item in dataclasses.fields(lexicon):
        digest.update(f"{item.name}\0{_canonical(getattr(lexicon, item.name))}\0".encode())
    return digest.hexdigest()


def code_fingerprint() -> str:
    """kg's own code, lexicons and data files, as installed here."""
    root = Path(str(resources.files("kg")))
    digest = hashlib.sha256()
    for path in sorted(_package_files(root)):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _package_files(root: Path) -> Iterable[Path]:
    yield from root.glob("*.py")
    for folder in ("lexicons", "data"):
        yield from (f for f in (root / folder).iterdir() if f.is_file())


def _canonical(value) -> str:
    if isinstance(value, dict):
        return repr(sorted(value.items()))
    if isinstance(value, (set, frozenset)):
        return repr(sorted(value))
    return repr(value)


def document_key(doc: Document, extractor: str) -> str:
    """The entry of ``doc`` under extractor fingerprint ``extractor``."""
    fields = [extractor, doc.name, doc.text, doc.title, doc.date, doc.id]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Cache:
    """A folder of entries, one per document; ``used`` are the keys this build touched."""
    folder: Path
    extractor: str
    used: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    hits: int = 0
    misses: int = 0

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json.gz"

    def has(self, doc: Document) -> bool:
        """Whether there is an entry for ``doc`` (which ``get`` may still find unreadable)."""
        key = document_key(doc, self.extractor)
        self.used.add(key)
        if self._path(key).is_file():
            return True
        self.misses += 1
        return False

    def get(self, doc: Document) -> Extracted | None:
        key = document_key(doc, self.extractor)
        self.used.add(key)
        path = self._path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self.misses += 1
            return None
        except OSError as error:
            self._distrust(path, doc, error.strerror or str(error))
            return None
        try:
            entry = json.loads(gzip.decompress(data))
            if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
                raise CacheEntryError("it belongs to another document or version")
            extracted = decode(entry["extracted"], doc)
        except Exception as error:      # whatever a stranger's bytes make the decoder do: rebuild
            self._distrust(path, doc, str(error) or type(error).__name__)
            return None
        self.hits += 1
        return extracted

    def _distrust(self, path: Path, doc: Document, why: str) -> None:
        self.misses += 1
        self.warnings.append(f"{path}: cache entry of {doc.name} is unreadable ({why}); extracting again")

    def put(self, doc: Document, extracted: Extracted) -> None:
        key = document_key(doc, self.extractor)
        self.used.add(key)
        entry = {"format": FORMAT, "key": key, "document": doc.name, "extracted": encode(extracted)}
        payload = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        write_atomic(self._path(key), gzip.compress(payload, compresslevel=1, mtime=0))

    def prune(self) -> int:
        """Remove the entries this build did not use (documents gone, old versions)."""
        removed = 0
        if not self.folder.is_dir():
            return removed
        for path in self.folder.glob("*/*"):
            if path.name.split(".")[0] not in self.used:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


VALIDATED = "validated.nt.gz"


def read_conformed(folder: str | Path, shapes: str) -> set[str] | None:
    """The triples (N-Triples lines) of the last graph built into this cache's folder
    that conformed to the shapes whose fingerprint is ``shapes``, or None."""
    try:
        head, _, body = gzip.decompress((Path(folder) / VALIDATED).read_bytes()).decode("utf-8").partition("\n")
    except (OSError, EOFError, UnicodeDecodeError):
        return None
    return set(body.split("\n")) - {""} if head == f"# conforms to shapes {shapes}" else None


def write_conformed(folder: str | Path, shapes: str, ntriples: bytes) -> None:
    """Remember a graph (its N-Triples, ``export.ntriples_of``) that conformed to the shapes ``shapes``."""
    payload = f"# conforms to shapes {shapes}\n".encode() + ntriples
    write_atomic(Path(folder) / VALIDATED, gzip.compress(payload, compresslevel=1, mtime=0))


def open_cache(folder: str | Path, lexicon: Lexicon, tagger) -> Cache | None:
    """The cache in ``folder`` (builds into ``out/`` keep theirs in ``out/.kg-cache``),
    or None when the tagger cannot be fingerprinted."""
    extractor = fingerprint(lexicon, tagger)
    return Cache(Path(folder), extractor) if extractor else None


# ------------------------------------------------------------------ the codec

def encode(extracted: Extracted) -> dict:
    """``extracted`` as JSON values; Articles and Mentions shared by number."""
    table: list = []
    numbers: dict[int, int] = {}

    def value(v):
        if v is None or isinstance(v, (str, bool, int)):
            return v
        if isinstance(v, Decimal):
            return {"$decimal": str(v)}
        if isinstance(v, list):
            return [value(x) for x in v]
        if isinstance(v, Document):
            return {"$document": True}
        if dataclasses.is_dataclass(v) and type(v).__name__ in _CLASSES:
            if isinstance(v, _SHARED):
                if id(v) not in numbers:
                    numbers[id(v)] = len(table)
                    table.append(None)
                    table[numbers[id(v)]] = instance(v)
                return {"$ref": numbers[id(v)]}
            return instance(v)
        raise TypeError(f"cannot cache a {type(v).__name__}")

    def instance(v) -> dict:
        names = [f.name for f in dataclasses.fields(v)]
        if set(vars(v)) != set(names):
            raise TypeError(f"a {type(v).__name__} carries attributes its class does not declare")
        return {"$class": type(v).__name__, **{name: value(getattr(v, name)) for name in names}}

    body = {"articles": value(extracted.articles), "facts": value(extracted.facts)}
    return {"table": table, **body}


def decode(data: dict, doc: Document) -> Extracted:
    """The inverse of ``encode``, with ``doc`` for the document; a stranger shape raises."""
    table_data = data["table"]
    table: list = [None] * len(table_data)

    def value(v):
        if v is None or isinstance(v, (str, bool, int)):
            return v
        if isinstance(v, list):
            return [value(x) for x in v]
        if not isinstance(v, dict):
            raise CacheEntryError(f"unexpected {type(v).__name__}")
        if "$ref" in v:
            n = v["$ref"]
            if not isinstance(n, int) or not 0 <= n < len(table):
                raise CacheEntryError("a reference out of range")
            if table[n] is None:
                table[n] = _Pending
                table[n] = instance(table_data[n])
            if table[n] is _Pending:
                raise CacheEntryError("a reference cycle")
            return table[n]
        if "$decimal" in v:
            return Decimal(v["$decimal"])
        if "$document" in v:
            return doc
        return instance(v)

    def instance(v):
        cls = _CLASSES.get(v.get("$class")) if isinstance(v, dict) else None
        if cls is None:
            raise CacheEntryError("an object of no known class")
        given = {k: x for k, x in v.items() if k != "$class"}
        if given.keys() != _FIELDS[cls]:
            raise CacheEntryError(f"a {cls.__name__} with other fields")
        return cls(**{k: value(x) for k, x in given.items()})

    articles, facts = value(data["articles"]), value(data["facts"])
    if not (isinstance(articles, list) and all(isinstance(a, Article) for a in articles)
            and isinstance(facts, list) and all(isinstance(f, Facts) for f in facts)):
        raise CacheEntryError("not a document's articles and facts")
    return Extracted(articles, facts)


class _Pending:
    """Marks a table entry being decoded."""
