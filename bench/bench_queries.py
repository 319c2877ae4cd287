"""Time every named query on a synthetic graph of ~1M triples: pyoxigraph against rdflib.

    python bench/bench_queries.py                      # 1M triples, rdflib stopped after 30 s a query
    python bench/bench_queries.py --triples 200000 --rdflib-timeout 10

The graph is shaped like a kg build of many pages: areas nested four deep,
communities, companies, party organizations and bodies; people, a few
thousand of them officials who appear far more often than the rest, and
one name in a hundred a homonym's too (linked by owl:differentFrom); articles
with bylines and mentions; memberships and actions, each with evidence.
Each query runs as a user runs it: without parameters, and with typical
parameters where it takes any. pyoxigraph (through kg.query.run_query, so
including the conversion to readable rows) is timed as the median of
several runs after a warm-up; rdflib's own SPARQL engine, the baseline, runs
each query once on the same graph, stopped after --rdflib-timeout seconds.
Not a test: it prints a table, and exits 1 if a pyoxigraph time is over the
budget (100 ms).
"""
from __future__ import annotations

import argparse
import itertools
import random
import signal
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox  # noqa: E402
from rdflib import Graph, Literal, URIRef, Variable  # noqa: E402

from kg.query import DEFAULT_LIMIT, bind_params, list_queries, load_query, run_query  # noqa: E402

BUDGET_MS = 100.0
ID = "https://w3id.org/zhkg/id/"
KG = "https://w3id.org/zhkg/ontology#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
ORG = "http://www.w3.org/ns/org#"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
DIFFERENT = "<http://www.w3.org/2002/07/owl#differentFrom>"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
TITLES = ["区委书记", "区长", "副区长", "镇长", "党委书记", "党委副书记", "党支部书记", "主任",
          "副主任", "政协委员", "党建指导员", "局长", "副局长", "社区书记", "村主任", "总经理"]
TRIGGERS = {"Inspection": ["督导", "察看", "检查", "调研"], "Meeting": ["主持", "召开", "出席"],
            "Donation": ["捐款", "捐赠"], "CheckpointDuty": ["值守", "执勤"],
            "ResumptionOfWork": ["复工复产", "复工"]}
ACTION_WEIGHTS = {"Inspection": 30, "Meeting": 30, "Donation": 15, "CheckpointDuty": 15,
                  "ResumptionOfWork": 10}


def iri(path: str) -> str:
    return f"<{ID}{path}>"


def kg(term: str) -> str:
    return f"<{KG}{term}>"


def zh(text: str) -> str:
    return f'"{text}"@zh'


def typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


class Picker:
    """Draws from a list with Zipf-like popularity: a few items very often, most rarely."""

    def __init__(self, items: list, rng: random.Random, skew: float = 0.9):
        self.items, self.rng = items, rng
        self.cum = list(itertools.accumulate(1 / (rank + 1) ** skew for rank in range(len(items))))

    def pick(self, k: int = 1) -> list:
        return list(dict.fromkeys(self.rng.choices(self.items, cum_weights=self.cum, k=k)))


def synthetic_graph(target: int, seed: int = 7) -> tuple[list[str], dict[str, str]]:
    """N-Triples lines of a graph of about ``target`` triples, and typical parameter values."""
    rng = random.Random(seed)
    scale = target / 1_000_000
    lines: list[str] = []
    add = lines.append

    def entity(kind: str, cls: str, name: str, aliases: tuple[str, ...] = ()) -> str:
        node = iri(f"{kind}/{name}")
        add(f"{node} {RDF_TYPE} {kg(cls)} .")
        add(f"{node} {LABEL} {zh(name)} .")
        for alias in aliases:
            add(f"{node} {ALT} {zh(alias)} .")
        return node

    def n(count: int) -> int:
        return max(2, int(count * scale))

    # Places, nested: province > city > district > town > community.
    provinces = [entity("administrativearea", "AdministrativeArea", f"省{i}") for i in range(2)]
    cities = [entity("administrativearea", "AdministrativeArea", f"市{i}", (f"市{i}市",)) for i in range(n(20))]
    districts = [entity("administrativearea", "AdministrativeArea", f"区{i}", ("我区",)) for i in range(n(200))]
    towns = [entity("administrativearea", "AdministrativeArea", f"镇{i}", ("该镇",)) for i in range(n(2000))]
    for child, parents in ((cities, provinces), (districts, cities), (towns, districts)):
        for node in child:
            add(f"{node} {kg('locatedIn')} {rng.choice(parents)} .")
    communities = [entity("community", "Community", f"社区{i}") for i in range(n(8000))]
    for node in communities:
        add(f"{node} {kg('locatedIn')} {rng.choice(towns)} .")
    companies = [entity("company", "Company", f"企业{i}有限公司", (f"企业{i}",)) for i in range(n(8000))]
    for node in companies:
        add(f"{node} {kg('locatedIn')} {rng.choice(districts)} .")
    party = [entity("partyorganization", "PartyOrganization", f"党组织{i}", ("区委",) if i % 10 == 0 else ())
             for i in range(n(3000))]
    for node in party:
        add(f"{node} {kg('partyBranchOf')} {rng.choice(communities + companies[:100] + towns[:100])} .")
    bodies = [entity("governmentbody", "GovernmentBody", f"机关{i}", (f"{i}办",)) for i in range(n(2000))]
    others = [entity("organization", "Organization", f"协会{i}") for i in range(n(1500))]
    people = [entity("person", "Person", f"人{i}") for i in range(n(25000))]
    for node in people[::10]:
        add(f'{node} {kg("isPartyMember")} "true"^^<{XSD}boolean> .')
    # One name in a hundred is a homonym's too, kept apart as kg build keeps them.
    homonyms = []
    for i in range(0, len(people), 100):
        twin = iri(f"person/人{i}_{i % 7}")
        add(f"{twin} {RDF_TYPE} {kg('Person')} .")
        add(f"{twin} {LABEL} {zh(f'人{i}')} .")
        add(f"{people[i]} {DIFFERENT} {twin} .")
        homonyms.append(twin)
    officials = Picker(people[:n(4000)], rng)
    anyone = Picker(people + homonyms, rng, skew=0.5)
    reporters = people[-n(300):]
    organizations = Picker(party + bodies + others + companies, rng)
    targets = Picker(companies + communities + towns, rng)
    # Each official holds one to three posts for good; articles restate them.
    posts = {person: [(rng.choice(TITLES) if rng.random() < 0.9 else None,
                       organizations.pick()[0] if rng.random() < 0.75 else None)
                      for _ in range(rng.choice((1, 1, 2, 3)))]
             for person in officials.items}

    def name(node: str) -> str:
        return node[len(ID) + 1:-1].split("/", 1)[1]

    article_count = action_count = 0
    page = 0
    stated: set[str] = set()
    while len(lines) < target:
        source = f"{page:05d}.txt"
        offset = 0
        for index in range(8):
            art = iri(f"article/{source}/{index}")
            article_count += 1
            add(f"{art} {RDF_TYPE} {kg('Article')} .")
            add(f"{art} <{DCT}title> {zh(f'报道{page}-{index}')} .")
            add(f'{art} <{DCT}source> "{source}" .')
            if rng.random() < 0.5:
                add(f"{art} <{DCT}date> {typed(f'2020-02-{rng.randint(1, 28):02d}', 'date')} .")
            for reporter in rng.sample(reporters, rng.randint(1, 2)):
                add(f"{art} {kg('reporter')} {reporter} .")
            if rng.random() < 0.3:
                add(f"{art} {kg('correspondent')} {rng.choice(reporters)} .")
            named = officials.pick(5)
            places = targets.pick(3)
            for node in named + anyone.pick(2) + organizations.pick(2) + places:
                add(f"{art} {kg('mentions')} {node} .")

            def evidence() -> str:
                nonlocal offset
                start, offset = offset, offset + rng.randint(30, 120)
                node = iri(f"evidence/{source}/{start}-{offset}")
                add(f"{node} {RDF_TYPE} {kg('Evidence')} .")
                add(f"{node} {kg('text')} {zh('某' * (offset - start))} .")
                add(f"{node} {kg('article')} {art} .")
                add(f'{node} {kg("start")} {typed(start, "integer")} .')
                add(f'{node} {kg("end")} {typed(offset, "integer")} .')
                return node

            for person in named[:rng.choice((1, 2, 2, 3))]:
                # One membership per post (as kg/rdf.py writes it); each restatement is more evidence.
                k = rng.randrange(len(posts[person]))
                title, organization = posts[person][k]
                node = iri(f"membership/{name(person)}/{k}")
                if node not in stated:
                    stated.add(node)
                    add(f"{node} {RDF_TYPE} <{ORG}Membership> .")
                    add(f"{node} <{ORG}member> {person} .")
                    if title:
                        add(f"{node} {kg('title')} {zh(title)} .")
                    if organization:
                        add(f"{node} <{ORG}organization> {organization} .")
                add(f"{node} {DERIVED} {evidence()} .")
            for a in range(rng.choice((1, 2, 2, 3))):
                action_count += 1
                cls = rng.choices(list(ACTION_WEIGHTS), weights=list(ACTION_WEIGHTS.values()))[0]
                node = iri(f"action/{source}/{index}/{a}")
                trigger = rng.choice(TRIGGERS[cls])
                add(f"{node} {RDF_TYPE} {kg(cls)} .")
                add(f"{node} {LABEL} {zh(f'行动{action_count} {trigger}')} .")
                add(f"{node} {kg('trigger')} {zh(trigger)} .")
                agents = (rng.sample(companies, rng.randint(1, 3)) if cls == "ResumptionOfWork"
                          else named[:rng.choice((1, 1, 2))])
                for agent in agents:
                    add(f"{node} {kg('agent')} {agent} .")
                if cls in ("Inspection", "Meeting", "Donation"):
                    for person in named[2:2 + rng.randint(0, 3)]:
                        add(f"{node} {kg('participant')} {person} .")
                if cls in ("Inspection", "CheckpointDuty"):
                    for place in places[:rng.randint(0, 3)]:
                        add(f"{node} {kg('target')} {place} .")
                if cls == "Donation":
                    add(f"{node} {kg('recipient')} {organizations.pick()[0]} .")
                    if rng.random() < 0.8:
                        add(f"{node} {kg('amount')} {typed(rng.randint(1, 500) * 100, 'decimal')} .")
                if rng.random() < 0.6:
                    add(f"{node} {kg('date')} {typed(f'2020-02-{rng.randint(1, 28):02d}', 'date')} .")
                add(f"{node} {DERIVED} {evidence()} .")
        page += 1

    # "typical": a well-known official (the 20th most mentioned) and the like;
    # "busiest": the official in the most articles, the worst case of a lookup.
    def typical(items: list) -> str:
        return name(items[min(19, len(items) - 1)])

    values = {"typical": {"person": typical(officials.items), "organization": typical(organizations.items),
                          "party": typical(party), "area": typical(towns), "company": typical(companies),
                          "fact": "id:" + f"action/{page // 2:05d}.txt/3/0", "name": "区委",
                          "reporter": typical(reporters)},
              "busiest": {"person": name(officials.items[0]), "organization": name(organizations.items[0]),
                          "area": name(districts[0])}}
    print(f"synthetic graph: {len(lines):,} triples, {page:,} pages, {article_count:,} articles, "
          f"{action_count:,} actions, {len(stated):,} memberships, {len(people):,} people", file=sys.stderr)
    return lines, values


# A query's parameters, filled from the synthetic graph's typical or busiest values.
PARAM_VALUES = {"person": "person", "inspector": "person", "convener": "person", "entity": "person",
                "agent": "person", "organization": "organization", "area": "area", "company": "company",
                "fact": "fact", "reporter": "reporter", "name": "name"}


def bench_cases(values: dict[str, dict[str, str]]) -> list[tuple[str, str, dict[str, str]]]:
    """(query, case, params): each query bare where it may be, then as a lookup.

    Cases: "bare" for a query without parameters (a ranking or a count);
    "listing" for a query run without its optional filter (every row of the
    graph: a dump, not a lookup); "typical" and "busiest" with parameters
    of a well-known and of the most mentioned official, organization, area.
    """
    cases = []
    for info in list_queries():
        if not info.params:
            cases.append((info.name, "bare", {}))
            continue
        if not any(p.required for p in info.params):
            cases.append((info.name, "listing", {}))
        for case in ("typical", "busiest"):
            given = values[case]
            key = "party" if info.name == "party-organizations" else None
            params = {p.name: given.get(key or PARAM_VALUES[p.name]) for p in info.params}
            params = {k: v for k, v in params.items() if v is not None}
            if params and (case == "typical" or params not in [c[2] for c in cases if c[0] == info.name]):
                cases.append((info.name, case, params))
    return cases


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout


def time_oxigraph(store: ox.Store, name: str, params: dict[str, str], repeat: int,
                  limit: int = DEFAULT_LIMIT) -> tuple[float, int, bool]:
    """Median ms of ``repeat`` runs through run_query (with the CLI's default row limit), rows, truncated."""
    rows = run_query(store, name, params, limit=limit)  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        rows = run_query(store, name, params, limit=limit)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(rows), rows.truncated


def rdflib_term(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def time_rdflib(graph: Graph, name: str, params: dict[str, str], timeout: float) -> tuple[float | None, int | None]:
    query = load_query(name)
    bindings = {Variable(v.value): rdflib_term(t) for v, t in bind_params(query, params).items()}
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    started = time.perf_counter()
    try:
        rows = len(list(graph.query(query.text, initBindings=bindings)))
    except Timeout:
        return None, None
    except Exception as error:  # noqa: BLE001 — an engine bug is a result here, not a crash
        print(f"  rdflib failed on {name}: {type(error).__name__}: {str(error)[:120]}", file=sys.stderr)
        return float("nan"), None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return (time.perf_counter() - started) * 1000, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5, help="pyoxigraph runs per query (median)")
    parser.add_argument("--rdflib-timeout", type=float, default=30.0, help="seconds per rdflib query")
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT,
                        help="pyoxigraph row limit, as `kg query --limit` (default %(default)s; 0: all rows)")
    parser.add_argument("queries", nargs="*", help="only these named queries (default: all)")
    args = parser.parse_args()

    lines, values = synthetic_graph(args.triples)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    started = time.perf_counter()
    store = ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    print(f"pyoxigraph: loaded {len(store):,} triples in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    graph = None
    if not args.no_rdflib:
        started = time.perf_counter()
        graph = Graph()
        graph.parse(data=data, format="nt")
        print(f"rdflib: loaded {len(graph):,} triples in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    header = (f"{'query':<21} {'case':<8} {'params':<32} {'rows':>7} {'pyoxigraph ms':>13} "
              f"{'rdflib ms':>10} {'ratio':>7}")
    print(header)
    print("-" * len(header))
    over = []
    for name, case, params in bench_cases(values):
        if args.queries and name not in args.queries:
            continue
        ox_ms, ox_rows, cut = time_oxigraph(store, name, params, args.repeat, args.limit)
        shown = ", ".join(f"{k}={v}" for k, v in params.items()) or "—"
        shown_rows = f"{ox_rows:,}" + ("+" if cut else "")  # "1,000+": cut at the row limit
        rd_text = ratio = "—"
        flag = ""
        if graph is not None:
            rd_ms, rd_rows = time_rdflib(graph, name, params, args.rdflib_timeout)
            if cut and rd_rows is not None:
                rd_rows = min(rd_rows, ox_rows)  # rdflib returns every row; pyoxigraph stopped at the limit
            if rd_ms is None:
                rd_text = f">{args.rdflib_timeout * 1000:,.0f}"
                ratio = f">{args.rdflib_timeout * 1000 / ox_ms:,.0f}×"
            elif rd_ms != rd_ms:  # NaN: rdflib raised
                rd_text = "error"
            else:
                rd_text, ratio = f"{rd_ms:,.0f}", f"{rd_ms / ox_ms:,.0f}×"
                if rd_rows != ox_rows:
                    flag = f"  (rdflib: {rd_rows} rows)"
        print(f"{name:<21} {case:<8} {shown:<32} {shown_rows:>7} {ox_ms:>13.1f} {rd_text:>10} {ratio:>7}{flag}",
              flush=True)
        if ox_ms >= BUDGET_MS:
            over.append(f"{name} ({case}, {ox_ms:.0f} ms)")
    print(f"\nbudget {BUDGET_MS:.0f} ms on pyoxigraph: "
          + ("every case within it" if not over else f"over it: {'; '.join(over)}"))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
