"""SPARQL over a built graph: the named queries of ``queries/`` on pyoxigraph.

A named query is a ``queries/NAME.rq`` file whose first comment lines say
what it answers and which parameters it takes::

    # name: posts
    # description: Who holds which post in which organization.
    # param: person — a person's canonical name (rdfs:label), e.g. 宋洁
    # param: fact (iri, required) — a membership or action, e.g. id:action/….txt/0/0

A parameter is a variable of the query's SELECT clause. ``run_query`` binds
it as an RDF term through pyoxigraph's ``substitutions`` (SEP-0007), never
by editing the query text, so a value can hold any characters. A bound
parameter keeps the rows whose column of that name equals the value, provided
the query follows three rules (the queries in ``queries/`` do, and the tests
check each one against that meaning):

- the variable is bound by a required triple pattern, not only inside an
  OPTIONAL, FILTER or BIND: there pyoxigraph may not apply the value, and
  still prints it in rows it never matched;
- that pattern comes first, so the engine starts from the bound value (a
  lookup) instead of scanning and filtering at the end;
- ``VALUES ?param { UNDEF }`` stands just before it: nothing here, it is
  where a remote endpoint gets the value (``kg.remote.bound_query``).

How a value becomes a term:

- ``iri``: an IRI (``https://…``) or a readable name (``id:person/宋洁``, ``kg:Person``);
- ``date``, ``decimal``, ``integer``, ``boolean``, ``string``: a literal of that XSD type;
- ``label`` (the default): an IRI if the value looks like one (a known
  ``prefix:`` or ``http(s)://``, ``urn:``), else a Chinese string ``"…"@zh``,
  the form of every name in the graph (``person=宋洁``).
"""
from __future__ import annotations

import csv
import dataclasses
import datetime
import functools
import io
import itertools
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import FOAF, OWL, RDF, SH

from .errors import KGError
from .rdf import PREFIXES, new_graph
from .resources import shipped

QUERIES_DIR = shipped("queries")
FORMATS = ("table", "csv", "tsv", "json")
PARAM_KINDS = ("label", "iri", "string", "date", "decimal", "integer", "boolean")
# Rows a query returns unless told otherwise (datasette's default too); 0 or None: all.
DEFAULT_LIMIT = 1000

XSD = "http://www.w3.org/2001/XMLSchema#"
# Readable names for IRIs in rows, reports and exports; the longest match wins.
NAMESPACES: dict[str, str] = {
    **{prefix: str(ns) for prefix, ns in PREFIXES.items()},
    "rdf": str(RDF), "owl": str(OWL), "sh": str(SH), "foaf": str(FOAF),
    "schema": "https://schema.org/", "kgsh": "https://w3id.org/zhkg/shapes#",
}
_BY_LENGTH = sorted(NAMESPACES.items(), key=lambda item: -len(item[1]))
_RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE,
                ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
                ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD,
                ".json": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML,
                ".xml": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
                ".n3": ox.RdfFormat.N3}


# --------------------------------------------------------------------------
# Names

def prefixed_name(iri: str) -> str:
    """``https://w3id.org/zhkg/id/person/宋洁`` → ``id:person/宋洁``; ``<iri>`` if no prefix fits.

    Readable, not necessarily valid Turtle (local names keep their ``/``).
    """
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def expand_name(text: str) -> str | None:
    """The IRI a readable name or IRI stands for (``kg:Person``, ``<…>``, ``https://…``), else None."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if re.match(r"(https?|urn|file):", text):
        return text
    prefix, colon, local = text.partition(":")
    if colon and prefix in NAMESPACES and local:
        return NAMESPACES[prefix] + local
    return None


# --------------------------------------------------------------------------
# Loading graphs

def _format_of(path: Path) -> ox.RdfFormat:
    try:
        return _RDF_FORMATS[path.suffix.lower()]
    except KeyError:
        raise KGError(f"unknown RDF format '{path.suffix}' (use one of "
                      f"{', '.join(sorted(_RDF_FORMATS))})", path=str(path)) from None


def _existing_file(path: str | Path) -> Path:
    path = Path(path)
    if not path.exists():
        hint = " (run `kg build` first)" if path.name == "kg.ttl" else ""
        raise KGError(f"no such graph file{hint}", path=str(path))
    if not path.is_file():
        raise KGError("is not a file", path=str(path))
    return path


def load_store(source: str | Path | Graph) -> ox.Store:
    """An in-memory pyoxigraph store holding ``source``: an rdflib Graph or an RDF file.

    Files are read by extension (.ttl .nt .nq .trig .jsonld .rdf); quads of
    named graphs are kept, and queries see their union. Raises ``KGError``
    if the file is missing or does not parse.
    """
    store = ox.Store()
    if isinstance(source, Graph):
        store.load(source.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return store
    path = _existing_file(source)
    try:
        store.load(path=str(path), format=_format_of(path))
    except SyntaxError as error:
        raise KGError(f"not valid {path.suffix[1:]}: {_one_line(error)}", path=str(path)) from None
    except (OSError, ValueError) as error:
        raise KGError(f"cannot read: {_one_line(error)}", path=str(path)) from None
    return store


def read_graph(path: str | Path) -> Graph:
    """An rdflib Graph of the RDF file at ``path`` (named graphs merged). Raises ``KGError``."""
    path = _existing_file(path)
    try:
        triples = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in ox.parse(path=str(path), format=_format_of(path))]
    except SyntaxError as error:
        raise KGError(f"not valid {path.suffix[1:]}: {_one_line(error)}", path=str(path)) from None
    except (OSError, ValueError) as error:
        raise KGError(f"cannot read: {_one_line(error)}", path=str(path)) from None
    # pyoxigraph parses fast and says where a file is broken; rdflib gets N-Triples.
    graph = new_graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return graph


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


# --------------------------------------------------------------------------
# Named queries

class Param(NamedTuple):
    """A query parameter as its header declares it."""
    name: str
    description: str
    kind: str = "label"
    required: bool = False


class QueryInfo(NamedTuple):
    """What ``kg query --list`` shows of a named query."""
    name: str
    description: str
    params: tuple[Param, ...]


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its header, read, and its text, as pyoxigraph gets it.

    ``keys`` is the query of its ``# keys:`` line, if any, and ``key`` the
    parameter that query lists (see ``run_query``).
    """
    name: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path
    keys: str | None = None
    key: str | None = None

    @property
    def info(self) -> QueryInfo:
        return QueryInfo(self.name, self.description, self.params)


_HEADER_FIELD = re.compile(r"#\s*(name|description|param|keys):\s*(.*)$")
_PARAM = re.compile(r"(?P<name>\w+)\s*(?:\((?P<flags>[^)]*)\))?\s*(?:[—–:-]+\s*(?P<description>.*))?$")


def parse_header(text: str, path: Path) -> NamedQuery:
    """Read the ``# name:``, ``# description:`` and ``# param:`` lines that open a query.

    A comment line that starts no field continues the one before it; the
    header ends at the first line that is not a comment.
    """
    fields: dict[str, str] = {}
    params: list[str] = []
    continuing: str | None = None   # "description", or "param" for the last param line
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER_FIELD.match(line)
        if match and match[1] == "param":
            params.append(match[2].strip())
            continuing = "param"
        elif match:
            fields[match[1]] = match[2].strip()
            continuing = match[1] if match[1] in ("description", "keys") else None
        elif continuing and line.lstrip("#").strip():
            more = " " + line.lstrip("#").strip()
            if continuing == "param":
                params[-1] += more
            else:
                fields[continuing] += more
    query = NamedQuery(name=fields.get("name", path.stem), description=fields.get("description", ""),
                       params=tuple(_parse_param(spec, path) for spec in params), text=text, path=path)
    if "keys" in fields:
        query = _with_keys(query, fields["keys"])
    return query


_PROJECTION = re.compile(r"SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\?(\w+)\s+WHERE\b", re.IGNORECASE)
_LAST_ORDER = re.compile(r"ORDER\s+BY\s+(?:ASC\s*\(\s*)?\?(\w+)\b(?![\s\S]*ORDER\s+BY)", re.IGNORECASE)


def _with_keys(query: NamedQuery, keys: str) -> NamedQuery:
    """``query`` with its ``# keys:`` query, checked against the rules of paging (see ``run_query``)."""
    def fail(problem: str) -> KGError:
        return KGError(f"'# keys:' {problem}", path=str(query.path))

    projected = _PROJECTION.match(keys.strip())
    if not projected:
        raise fail("takes a query of the form SELECT ?param WHERE { … }")
    key = projected[1]
    if key not in {p.name for p in query.params if not p.required}:
        raise fail(f"lists ?{key}, which is not an optional parameter of the query")
    last_order = _LAST_ORDER.search(query.text)
    if not last_order or last_order[1] != key:
        raise fail(f"needs the query to be ordered by ?{key} first (ORDER BY ?{key} …)")
    if query.text.count(_values_hook(key)) != 1:
        raise fail(f"needs the query to hold '{_values_hook(key)}' once, where the keys go")
    return dataclasses.replace(query, keys=keys, key=key)


def _values_hook(key: str) -> str:
    return f"VALUES ?{key} {{ UNDEF }}"


def _parse_param(spec: str, path: Path) -> Param:
    match = _PARAM.match(spec)
    if not match:
        raise KGError(f"cannot read the parameter line '# param: {spec}'", path=str(path))
    flags = [f.strip() for f in (match["flags"] or "").split(",") if f.strip()]
    kinds = [f for f in flags if f in PARAM_KINDS]
    unknown = [f for f in flags if f not in PARAM_KINDS and f not in ("required", "optional")]
    if unknown or len(kinds) > 1:
        raise KGError(f"parameter '{match['name']}': unknown flags {unknown or kinds} "
                      f"(kinds: {', '.join(PARAM_KINDS)}; or 'required')", path=str(path))
    return Param(match["name"], (match["description"] or "").strip(),
                 kinds[0] if kinds else "label", "required" in flags)


def list_queries(folder: Path = QUERIES_DIR) -> list[QueryInfo]:
    """Every named query in ``folder``, by name: (name, description, params)."""
    return [load_query(path).info for path in sorted(folder.glob("*.rq"))]


def load_query(name_or_file: str | Path, folder: Path = QUERIES_DIR) -> NamedQuery:
    """A named query (``posts``) or a query file (``my.rq``). Raises ``KGError`` if there is none."""
    text = str(name_or_file)
    path = Path(text)
    if not (text.endswith(".rq") or text.endswith(".sparql") or path.is_file()):
        path = folder / f"{text}.rq"
        if not path.is_file():
            names = ", ".join(p.stem for p in sorted(folder.glob("*.rq")))
            raise KGError(f"unknown query '{text}' (named queries: {names}; or give a .rq file)")
    if not path.is_file():
        raise KGError("no such query file", path=text)
    try:
        source = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise KGError(f"not UTF-8 text: byte 0x{error.object[error.start]:02X} at offset {error.start} "
                      "(SPARQL files are UTF-8)", path=text) from None
    except OSError as error:
        raise KGError(f"cannot read: {error.strerror or error}", path=text) from None
    return parse_header(source, path)


# --------------------------------------------------------------------------
# Offline: no SERVICE
#
# pyoxigraph runs a SERVICE clause by sending the inner pattern to the named
# server over HTTP, from Rust (a Python socket guard never sees it), and its
# Store.query has no option to turn federation off (0.5: base_iri, prefixes,
# use_default_graph_as_union, default_graph, named_graphs, substitutions,
# custom_functions, custom_aggregate_functions). kg runs offline, so a query
# with a SERVICE clause is refused before it runs, unless it is allowed.
#
# The clause is found on the query's tokens (SPARQL 1.1 §19.8), so SERVICE in
# a string, an IRI, a comment, a variable or a prefixed name does not count.
# pyoxigraph's parser matches keywords without a word boundary (it reads
# ``SERVICEs:q {`` as SERVICE s:q, ``SERVICESILENT<…>`` as SERVICE SILENT <…>),
# so a token counts as SERVICE when it is a bare word holding "service", or a
# prefixed name whose prefix holds it (not after GRAPH/FROM/NAMED, where a
# name stands alone), and a ``{`` follows it after at most two names
# (SILENT and the service's IRI, prefixed name or variable).

_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_SPARQL_TOKENS = re.compile(rf"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{{4}}|\\U[0-9A-Fa-f]{{8}})*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f\u2040]+)
  | (?P<blank>_:[\w\-\u00b7]*(?:\.+[\w\-\u00b7]+)*)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[^\W\d_][\w\-\u00b7]*(?:\.+[\w\-\u00b7]+)*)?:
              (?:(?:[\w:\-\u00b7]|{_PLX})+(?:\.+(?:[\w:\-\u00b7]|{_PLX})+)*)?)
  | (?P<number>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<word>\w+)
  | (?P<punct>.)
""", re.VERBOSE | re.DOTALL)
_NAME_TOKENS = ("word", "pname", "var", "iri")


def sparql_tokens(text: str) -> list[tuple[str, str, int]]:
    """The tokens of a SPARQL query as (kind, text, offset), spaces and comments left out.

    Kinds: string, iri, var, blank, langtag, pname, number, word (a keyword,
    a function name, ``a``), punct (one character). Text that is no valid
    token falls apart into punct and word tokens.
    """
    return [(match.lastgroup, match.group(), match.start()) for match in _SPARQL_TOKENS.finditer(text)
            if match.lastgroup not in ("space", "comment")]


class ServiceCall(NamedTuple):
    """A SERVICE clause of a query: its line (from 1) and its text up to the ``{``."""
    line: int
    text: str


def service_calls(text: str) -> list[ServiceCall]:
    """The SERVICE clauses of the SPARQL query ``text``, found on its tokens (see above)."""
    if "service" not in text.lower():
        return []
    tokens = sparql_tokens(text)
    calls = []
    for k, (kind, token, start) in enumerate(tokens):
        if kind == "word":
            candidate = "service" in token.lower()
        elif kind == "pname":
            after = tokens[k - 1][1].upper() if k and tokens[k - 1][0] == "word" else ""
            candidate = "service" in token.partition(":")[0].lower() and after not in ("GRAPH", "FROM", "NAMED")
        else:
            continue
        if not candidate:
            continue
        for end in range(k + 1, min(k + 4, len(tokens))):
            if tokens[end][:2] == ("punct", "{"):
                calls.append(ServiceCall(text.count("\n", 0, start) + 1, " ".join(t[1] for t in tokens[k:end])))
                break
            if tokens[end][0] not in _NAME_TOKENS:
                break
    return calls


def refuse_service(query: NamedQuery) -> None:
    """Raise ``KGError`` naming the file and line of the query's first SERVICE clause, if it has
    one (in its ``# keys:`` query too)."""
    calls = service_calls(query.text)
    if not calls and query.keys:
        line = next((n for n, text in enumerate(query.text.splitlines(), start=1)
                     if re.match(r"#\s*keys:", text)), None)
        calls = [call._replace(line=line) for call in service_calls(query.keys)]
    if calls:
        raise KGError(f"{calls[0].text} would query another server over the network; kg query runs "
                      "offline (pass --allow-service to allow it)", path=str(query.path), line=calls[0].line)


# --------------------------------------------------------------------------
# Running

@dataclass
class Rows:
    """A query's answer: column names and rows of readable values.

    IRIs are readable names (``id:person/宋洁``); literals are Python values
    (str, int, Decimal, float, bool, datetime.date); unbound is None.
    ``truncated`` is True when the query had more rows than the limit.
    """
    columns: list[str]
    rows: list[tuple] = field(default_factory=list)
    truncated: bool = False

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def dicts(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def run_query(store: ox.Store, name_or_file: str | Path, params: dict[str, str] | None = None,
              folder: Path = QUERIES_DIR, limit: int | None = DEFAULT_LIMIT, allow_service: bool = False) -> Rows:
    """Run a named query or query file on ``store`` with ``params`` bound as RDF terms.

    At most ``limit`` rows are returned (0 or None: all); ``Rows.truncated``
    says whether there were more. The limit is applied by reading solutions
    from pyoxigraph's lazy iterator and stopping after ``limit + 1``, so the
    engine stops early where the query lets it; a query with ORDER BY still
    sorts every solution first.

    A listing (a query with a ``# keys:`` line, run without the parameter
    that line lists, and with a limit) is read a page at a time instead, so
    that its first rows cost what they show, not what the whole graph holds:
    the keys query gives every value of the query's first column, sorted
    here; the query then runs on the first 16 of them, then on the next 64,
    256 … (its ``VALUES ?key { UNDEF }`` filled with them), until it has
    more than ``limit`` rows. The query is ordered by that column first, so
    the pages follow one another and the rows are the rows of one run.

    A query with a SERVICE clause is refused (``refuse_service``) unless
    ``allow_service``: kg makes no network connection it was not asked for.

    Raises ``KGError`` for an unknown query or parameter, a missing required
    parameter, a query that does not parse, a SERVICE clause not allowed, or
    one whose server did not answer.
    """
    if limit is not None and limit < 0:
        raise KGError(f"--limit takes 0 (all rows) or a positive number, got {limit}")
    query = load_query(name_or_file, folder)
    if not allow_service:
        refuse_service(query)
    params = params or {}
    substitutions = bind_params(query, params)
    try:
        if query.keys and limit and query.key not in params:
            columns, rows = _listing(store, query, substitutions, limit)
        else:
            columns, rows = answer_rows(_evaluate(store, query, query.text, substitutions),
                                       limit + 1 if limit else None)
    except (OSError, RuntimeError) as error:    # raised while reading solutions, e.g. a SERVICE's server
        raise KGError(f"the query failed: {_one_line(error)}", path=str(query.path)) from None
    if limit and len(rows) > limit:
        return Rows(columns, rows[:limit], truncated=True)
    return Rows(columns, rows)


# Keys in a listing's first page; each next page takes four times as many.
FIRST_PAGE_KEYS = 16


def _listing(store: ox.Store, query: NamedQuery, substitutions: dict, limit: int) -> tuple[list[str], list[tuple]]:
    keys = sorted({solution[0] for solution in _evaluate(store, query, query.keys, {})
                   if solution[0] is not None}, key=_term_order)
    hook = _values_hook(query.key)
    rows: list[tuple] = []
    start, size = 0, FIRST_PAGE_KEYS
    while True:
        page = keys[start:start + size]
        # Terms written by pyoxigraph (N-Triples syntax, escaped), not text from a user.
        text = query.text.replace(hook, f"VALUES ?{query.key} {{ {' '.join(map(str, page))} }}", 1)
        columns, more = answer_rows(_evaluate(store, query, text, substitutions), limit + 1 - len(rows))
        rows += more
        start, size = start + size, size * 4
        if len(rows) > limit or start >= len(keys):
            return columns, rows


def _term_order(term) -> tuple:
    """SPARQL's ORDER BY for names: IRIs before literals, then by code point."""
    if isinstance(term, ox.Literal):
        return 2, term.value, term.language or term.datatype.value
    return (1 if isinstance(term, ox.NamedNode) else 0), term.value, ""


def _evaluate(store: ox.Store, query: NamedQuery, text: str, substitutions: dict):
    try:
        # The usual prefixes are predeclared, for query files of one's own.
        return store.query(text, substitutions=substitutions, use_default_graph_as_union=True,
                           prefixes=dict(NAMESPACES))
    except SyntaxError as error:
        raise KGError(f"not valid SPARQL: {_one_line(error)}", path=str(query.path)) from None
    except RuntimeError as error:  # e.g. a parameter the query does not SELECT
        hint = " (a parameter is a variable the query SELECTs)" if "projection" in str(error) else ""
        raise KGError(_one_line(error) + hint, path=str(query.path)) from None


def answer_rows(answer, count: int | None) -> tuple[list[str], list[tuple]]:
    """The columns and first ``count`` rows (None: all) of a pyoxigraph answer, as readable values."""
    if isinstance(answer, ox.QueryBoolean):
        return ["answer"], [(bool(answer),)]
    if isinstance(answer, ox.QueryTriples):
        return ["subject", "predicate", "object"], [
            (readable(t.subject), readable(t.predicate), readable(t.object))
            for t in itertools.islice(answer, count)]
    return [variable.value for variable in answer.variables], [
        tuple(readable(value) for value in solution) for solution in itertools.islice(answer, count)]


def truncation_note(rows: Rows) -> str | None:
    """The line to print (on stderr) when ``rows`` were cut at the limit, else None."""
    if not rows.truncated:
        return None
    return f"{len(rows):,} of more rows shown; --limit 0 for all"


def bind_params(query: NamedQuery, params: dict[str, str]) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
    """The substitutions for ``params``: each value as the RDF term its declared kind says.

    A query file that declares no parameters accepts any, read as ``label``.
    """
    declared = {p.name: p for p in query.params}
    if declared:
        unknown = sorted(set(params) - set(declared))
        if unknown:
            raise KGError(f"query '{query.name}' has no parameter {', '.join(map(repr, unknown))} "
                          f"(its parameters: {', '.join(declared)})")
        missing = [p for p in query.params if p.required and p.name not in params]
        if missing:
            p = missing[0]
            raise KGError(f"query '{query.name}' needs --param {p.name}=… ({p.description})")
    return {ox.Variable(name): to_term(value, declared[name].kind if name in declared else "label", name)
            for name, value in params.items()}


def to_term(value: str, kind: str = "label", name: str = "value") -> ox.NamedNode | ox.Literal:
    """A parameter value as an RDF term of ``kind`` (see the module docstring)."""
    if kind in ("label", "iri"):
        iri = expand_name(value)
        if iri is not None:
            try:
                return ox.NamedNode(iri)
            except ValueError:
                raise KGError(f"--param {name}: not a valid IRI: {value}") from None
        if kind == "iri":
            raise KGError(f"--param {name}: expected an IRI or a name like id:person/宋洁, got '{value}'")
        return ox.Literal(value, language="zh")
    if kind == "string":
        return ox.Literal(value)
    parse, expected = _LEXICAL[kind]
    try:
        lexical = parse(value.strip())
    except (ValueError, KeyError, InvalidOperation):
        raise KGError(f"--param {name}: expected {expected}, got '{value}'") from None
    return ox.Literal(lexical, datatype=ox.NamedNode(XSD + kind))


def _decimal(text: str) -> str:
    number = Decimal(text)
    if not number.is_finite():
        raise ValueError(text)
    return format(number, "f")  # xsd:decimal has no exponent: 2E+3 → 2000


# kind → (canonical lexical form of a value, what a user should have given)
_LEXICAL = {
    "date": (lambda v: datetime.date.fromisoformat(v).isoformat(), "a date like 2020-02-13"),
    "decimal": (_decimal, "a number"),
    "integer": (lambda v: str(int(v)), "a whole number"),
    "boolean": (lambda v: {"true": "true", "false": "false"}[v.lower()], "true or false"),
}


_NUMBERS = {XSD + t: int for t in ("integer", "int", "long", "short", "nonNegativeInteger",
                                   "positiveInteger", "nonPositiveInteger", "negativeInteger")}
_NUMBERS.update({XSD + "decimal": Decimal, XSD + "double": float, XSD + "float": float})


def readable(term) -> object:
    """A pyoxigraph term as a readable value: prefixed name, Python literal value, or None."""
    # Called once per cell, so the common cases come first.
    kind = type(term)
    if kind is ox.Literal:
        if term.language:
            return term.value
        datatype = term.datatype.value
        if datatype == _STRING:
            return term.value
        convert = _CONVERTERS.get(datatype)
        if convert is None:
            return term.value
        try:
            return convert(term.value)
        except (ValueError, InvalidOperation):
            return term.value  # an ill-typed literal stays its lexical form
    if kind is ox.NamedNode:
        return _cached_prefixed_name(term.value)
    if term is None:
        return None
    if kind is ox.BlankNode:
        return f"_:{term.value}"
    return str(term)


_STRING = XSD + "string"
_CONVERTERS = {XSD + "boolean": lambda v: v in ("true", "1"),
               XSD + "date": datetime.date.fromisoformat,
               XSD + "dateTime": datetime.datetime.fromisoformat,
               **_NUMBERS}
_cached_prefixed_name = functools.lru_cache(maxsize=65536)(prefixed_name)


# --------------------------------------------------------------------------
# Formatting

def format_rows(rows: Rows, fmt: str = "table") -> str:
    """``rows`` as text: an aligned table, CSV, TSV or JSON (a list of objects)."""
    if fmt == "table":
        return _table(rows)
    if fmt == "csv":
        return "".join(_csv_line(line) for line in
                       [rows.columns, *(["" if v is None else _text(v) for v in row] for row in rows)])
    if fmt == "tsv":
        lines = ["\t".join(rows.columns)]
        lines += ["\t".join(_tsv_cell(v) for v in row) for row in rows]
        return "\n".join(lines) + "\n"
    if fmt == "json":
        return json.dumps([{c: _json_value(v) for c, v in zip(rows.columns, row)} for row in rows],
                          ensure_ascii=False, indent=2) + "\n"
    raise KGError(f"unknown format '{fmt}' (use one of {', '.join(FORMATS)})")


def _csv_line(cells) -> str:
    # The writer quotes a cell holding a character of its line terminator, so
    # "\r\n" gets a lone "\r" quoted too; the line itself then ends in "\n".
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()[:-2] + "\n"


def _text(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _tsv_cell(value) -> str:
    if value is None:
        return ""
    return _text(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _json_value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def _table(rows: Rows) -> str:
    cells = [[" ".join(_text(v).split()) if v is not None else "" for v in row] for row in rows]
    widths = [max([display_width(c)] + [display_width(row[i]) for row in cells])
              for i, c in enumerate(rows.columns)]
    numeric = [all(isinstance(row[i], (int, float, Decimal)) and not isinstance(row[i], bool)
                   for row in rows if row[i] is not None) and any(row[i] is not None for row in rows)
               for i in range(len(rows.columns))]

    def line(values: list[str]) -> str:
        padded = []
        for value, width, right in zip(values, widths, numeric):
            pad = " " * (width - display_width(value))
            padded.append(pad + value if right else value + pad)
        return "  ".join(padded).rstrip()

    out = [line(rows.columns), "  ".join("─" * w for w in widths)]
    out += [line(row) for row in cells]
    out.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(out) + "\n"


def parse_params(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["person=宋洁", …]`` → ``{"person": "宋洁", …}``; raises ``KGError`` on a pair without ``=``."""
    params = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            raise KGError(f"--param takes NAME=VALUE, got '{pair}'")
        try:
            pair.encode("utf-8")
        except UnicodeEncodeError as error:
            # a byte that is not UTF-8 on the command line comes in as a lone surrogate
            code = ord(error.object[error.start])
            what = f"byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"U+{code:04X}"
            raise KGError(f"--param {name.strip()}: not UTF-8 text ({what})") from None
        params[name.strip()] = value
    return params


def format_query_list(queries: list[QueryInfo]) -> str:
    """The named queries as ``kg query --list`` prints them: name, description, parameters."""
    lines = []
    for info in queries:
        lines.append(f"{info.name}\n    {info.description}")
        for p in info.params:
            flags = ", ".join(f for f in (p.kind if p.kind != "label" else "", "required" if p.required else "") if f)
            lines.append(f"    --param {p.name}=…{f' ({flags})' if flags else ''}  {p.description}")
    return "\n".join(lines) + "\n"
