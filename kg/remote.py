"""kg and SPARQL stores over HTTP: push a graph, run the named queries on an endpoint.

``push`` loads a graph through the SPARQL 1.1 Graph Store HTTP Protocol
(``…/store?default``, ``…/store?graph=IRI``): into the default graph, or one
named graph per source file as TriG export splits it. It sends N-Triples
chunks (POST adds; with ``replace`` a PUT starts each graph afresh), retries a
chunk whose connection dropped (the triples of an RDF graph are a set, so a
chunk sent twice adds nothing twice), and ends by reading every graph back
and comparing it with what it sent.

``bound_query`` gives the text of a named query that means, in any SPARQL 1.1
engine, what ``run_query`` means on a local graph. Locally a parameter is
bound before the query runs (pyoxigraph's substitutions), inside subqueries
too; an endpoint takes no such thing, so each ``VALUES ?param { UNDEF }`` of
the query, which marks where the parameter is bound, gets the value instead
(a query without one gets a trailing ``VALUES`` clause, SPARQL 1.1 §18.2.4.3,
which is the same thing unless a subquery binds it). The terms are written by
pyoxigraph, never a user's text pasted into the query, and the prefixes kg
predeclares locally are declared.

Credentials come from the URL (``https://user:pass@host/…``), else from
``KG_ENDPOINT_USER`` and ``KG_ENDPOINT_PASSWORD``, else from ``~/.netrc``;
they are sent as HTTP Basic authentication and never printed.
"""
from __future__ import annotations

import base64
import netrc
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .errors import KGError
from .query import (DEFAULT_LIMIT, NAMESPACES, QUERIES_DIR, NamedQuery, Rows, answer_rows, bind_params, load_query,
                    refuse_service)

# Triples per request: small enough that a dropped connection costs little, large
# enough that requests do not dominate (Oxigraph takes ~50,000 in well under a second).
CHUNK_TRIPLES = 50_000
TRIES = 3
TIMEOUT_SECONDS = 120
DEFAULT_GRAPH = "default"


@dataclass
class PushReport:
    """What a push sent: triples by graph (``default`` or the graph's IRI), requests, time."""
    graphs: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        triples = sum(self.graphs.values())
        where = "the default graph" if list(self.graphs) == [DEFAULT_GRAPH] else f"{len(self.graphs)} named graphs"
        requests = f"{self.requests} request{'' if self.requests == 1 else 's'}"
        return f"{triples:,} triples into {where} in {requests} ({self.seconds:.1f} s), all read back"


def push(graph: Graph, store: str, named_graphs: bool = False, replace: bool = False,
         chunk_triples: int = CHUNK_TRIPLES, tries: int = TRIES,
         sent: Callable[[int], None] | None = None) -> PushReport:
    """Load ``graph`` into the Graph Store Protocol endpoint ``store`` (e.g. Oxigraph's
    ``http://localhost:7878/store``) and check that the store holds it.

    With ``named_graphs``, one graph per source file plus ``id:graph/entities``
    (as ``kg export --format trig``), else the default graph. ``replace`` empties
    each graph first; otherwise the triples are added to what it holds.
    ``sent`` is called with the number of triples of each chunk the store took.
    Raises ``KGError`` naming the graph when the store refuses a chunk, stays
    unreachable after ``tries`` attempts, or reads back other than what was sent.
    """
    from .export import ox_triples, split_by_source

    started = time.perf_counter()
    client = _Client(store, tries)
    parts = split_by_source(graph) if named_graphs else {DEFAULT_GRAPH: ox_triples(graph)}
    report = PushReport()
    for name, triples in parts.items():
        target = _graph_url(store, name)
        chunks = _chunks(triples, chunk_triples) or [[]]
        for number, chunk in enumerate(chunks):
            method = "PUT" if replace and number == 0 else "POST"
            if chunk or method == "PUT":
                body = ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES) if chunk else b""
                client.send(method, target, body, {"Content-Type": "application/n-triples"},
                            what=f"graph {name}: {report.graphs.get(name, 0):,} of {len(triples):,} triples sent")
                report.requests += 1
            report.graphs[name] = report.graphs.get(name, 0) + len(chunk)
            if sent:
                sent(len(chunk))
        _check(client, target, name, triples, replace)
    report.seconds = time.perf_counter() - started
    return report


def _graph_url(store: str, name: str) -> str:
    separator = "&" if "?" in store else "?"
    if name == DEFAULT_GRAPH:
        return f"{store}{separator}default"
    return f"{store}{separator}graph={urllib.parse.quote(name, safe='')}"


def _chunks(triples: list, size: int) -> list[list]:
    # a blank node is one node only within one document: its triples go in one chunk
    if any(isinstance(term, ox.BlankNode) for t in triples for term in (t.subject, t.object)):
        return [triples]
    return [triples[k:k + size] for k in range(0, len(triples), size)]


def _check(client: _Client, target: str, name: str, triples: list, replace: bool) -> None:
    body = client.send("GET", target, None, {"Accept": "application/n-triples"}, what=f"graph {name}: reading back")
    held = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}
    ours = set(triples)
    missing = len(ours - held)
    if missing or (replace and len(held) != len(ours)):
        raise KGError(f"graph {name}: the store holds {len(held):,} triples, kg sent {len(ours):,} "
                      f"({missing:,} of them missing)", path=shown_url(client.url))


# --------------------------------------------------------------------------
# Queries on an endpoint

def bound_query(name_or_file: str | Path, params: dict[str, str] | None = None,
                folder: Path = QUERIES_DIR, limit: int | None = None) -> str:
    """The text of a named query for any SPARQL 1.1 engine, ``params`` bound (see the module
    docstring); with ``limit``, a ``LIMIT`` of one row more, unless the query has its own."""
    query = load_query(name_or_file, folder)
    text = _with_prefixes(query)
    if limit and not _TOP_LIMIT.search(text[text.rfind("}"):]):
        text += f"\nLIMIT {limit + 1}"
    trailing = {}
    for variable, term in bind_params(query, params or {}).items():
        hook = f"VALUES ?{variable.value} {{ UNDEF }}"
        if hook in text:
            text = text.replace(hook, f"VALUES ?{variable.value} {{ {term} }}")
        else:
            trailing[variable.value] = term
    if trailing:
        text += (f"\nVALUES ({' '.join(f'?{name}' for name in trailing)}) "
                 f"{{ ({' '.join(str(term) for term in trailing.values())}) }}")
    return text + "\n"


_TOP_LIMIT = re.compile(r"\bLIMIT\s+\d+", re.IGNORECASE)
_DECLARED = re.compile(r"^\s*PREFIX\s+([\w.-]*):", re.IGNORECASE | re.MULTILINE)


def _with_prefixes(query: NamedQuery) -> str:
    declared = set(_DECLARED.findall(query.text))
    used = {prefix for prefix in NAMESPACES if re.search(rf"(?<![\w<#/]){re.escape(prefix)}:", query.text)}
    lines = [f"PREFIX {p}: <{NAMESPACES[p]}>" for p in sorted(used - declared)]
    return "\n".join(lines + [query.text.rstrip()])


def run_remote_query(endpoint: str, name_or_file: str | Path, params: dict[str, str] | None = None,
                     folder: Path = QUERIES_DIR, limit: int | None = DEFAULT_LIMIT, tries: int = TRIES,
                     allow_service: bool = False) -> Rows:
    """Run a named query or query file on the SPARQL endpoint ``endpoint`` (e.g. Oxigraph's
    ``http://localhost:7878/query``): the rows ``run_query`` gives on the same graph.

    The endpoint's default graph is queried; a store loaded with one named graph
    per source must take it as the union of its graphs (``oxigraph serve
    --union-default-graph``; Virtuoso does so by default; Fuseki's
    ``tdb2:unionDefaultGraph true``).

    A SERVICE clause would have the endpoint query a third server; it is
    refused as on a local graph (``kg.query.refuse_service``) unless ``allow_service``.
    """
    if limit is not None and limit < 0:
        raise KGError(f"--limit takes 0 (all rows) or a positive number, got {limit}")
    if not allow_service:
        refuse_service(load_query(name_or_file, folder))
    text = bound_query(name_or_file, params, folder, limit)
    columns, rows = answer_rows(_ask(_Client(endpoint, tries), endpoint, text), None)
    if limit and len(rows) > limit:
        return Rows(columns, rows[:limit], truncated=True)
    return Rows(columns, rows)


def endpoint_select(endpoint: str, tries: int = TRIES) -> Callable[[str], list[tuple]]:
    """A ``kg.names.Select`` on ``endpoint``: a SELECT query's text → its solutions as tuples of
    pyoxigraph terms, so that names resolve there as on a local graph."""
    client = _Client(endpoint, tries)

    def select(text: str) -> list[tuple]:
        return [tuple(solution) for solution in _ask(client, endpoint, text)]
    return select


def _ask(client: _Client, endpoint: str, text: str):
    """The endpoint's answer to the query ``text``, parsed (pyoxigraph query results)."""
    body = client.send(
        "POST", endpoint, urllib.parse.urlencode({"query": text}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
        what="query")
    try:
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as error:
        raise KGError(f"the endpoint's answer is not SPARQL JSON results: {error}", path=shown_url(endpoint)) from None


# --------------------------------------------------------------------------
# HTTP

class _Client:
    """Requests to one server, with its credentials, retried when the connection fails."""

    def __init__(self, url: str, tries: int):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise KGError(f"not an http(s) URL: {shown_url(url)}")
        self.url, self.tries = url, max(tries, 1)
        self.headers = _credentials(parts)

    def send(self, method: str, url: str, body: bytes | None, headers: dict, what: str) -> bytes:
        request = urllib.request.Request(shown_url(url), data=body, method=method,
                                         headers={**self.headers, **headers})
        for attempt in range(self.tries):
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                    return response.read()
            except urllib.error.HTTPError as error:
                if error.code < 500 or attempt == self.tries - 1:
                    raise KGError(f"{what}: the store answered {error.code} {error.reason}"
                                  f"{_first_line(error)}", path=shown_url(url)) from None
            except (urllib.error.URLError, OSError) as error:
                if attempt == self.tries - 1:
                    reason = getattr(error, "reason", error)
                    raise KGError(f"{what}: no connection after {self.tries} tries ({reason})",
                                  path=shown_url(url)) from None
            time.sleep(0.5 * 2 ** attempt)
        raise AssertionError("unreachable")


def _credentials(parts: urllib.parse.SplitResult) -> dict[str, str]:
    user, password = parts.username, parts.password
    if user is None and os.environ.get("KG_ENDPOINT_USER"):
        user, password = os.environ["KG_ENDPOINT_USER"], os.environ.get("KG_ENDPOINT_PASSWORD", "")
    if user is None:
        try:
            found = netrc.netrc().authenticators(parts.hostname)
        except (OSError, netrc.NetrcParseError):
            found = None
        if found:
            user, _, password = found
    if user is None:
        return {}
    token = base64.b64encode(f"{urllib.parse.unquote(user)}:{urllib.parse.unquote(password or '')}".encode())
    return {"Authorization": f"Basic {token.decode()}"}


def shown_url(url: str) -> str:
    """``url`` without credentials: as it is printed, and sent (they go in a header)."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=host))


def _first_line(error: urllib.error.HTTPError) -> str:
    try:
        text = error.read(2000).decode("utf-8", "replace").strip()
    except OSError:
        return ""
    return f": {text.splitlines()[0][:200]}" if text else ""
