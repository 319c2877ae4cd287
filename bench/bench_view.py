"""Benchmark: how fast a large graph view opens and settles in headless Chromium.

    python bench/bench_view.py [--nodes 5000 50000] [--baseline-nodes 1000] [--pyvis-nodes 1000]

Builds synthetic graphs shaped like ours (areas, communities, party
organizations, bodies, companies, people; memberships, locatedIn,
partyBranchOf; donations, inspections, meetings, duty, resumption of work,
each with its evidence sentence) through kg.rdf, writes their views with
kg.view, opens each from a file:// URL in Debian's chromium and measures the
time to the first drawing and until the network is drawn and stable
(physics off), then how long the open page takes to answer a search and to
expand its largest community. Baselines from the same run: a view of a ``--baseline-nodes`` graph (physics, then stop) and a
plain pyvis ``from_nx`` page of a ``--pyvis-nodes`` graph. Target: each large
view settles within 10 s. Not a pytest test; needs playwright and
/usr/bin/chromium (``apt-get install chromium``).
"""
from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
import time
from pathlib import Path

from kg.model import (Action, Article, Document, Entity, Evidence, Facts, Membership, Mention,
                      Relation, Span)
from kg.rdf import build_graph
from kg.view import page_html, select, view_graph

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
TARGET_SECONDS = 10.0

# How many of each class per 10,000 view nodes, roughly as in a year of a district paper.
SHARES = {"AdministrativeArea": 0.006, "Community": 0.06, "PartyOrganization": 0.05,
          "GovernmentBody": 0.03, "Company": 0.07, "Organization": 0.03, "Person": 0.454}
ACTIONS_SHARE = 0.30
ACTION_VERBS = {"Donation": "捐款", "Inspection": "检查", "Meeting": "召开会议",
                "CheckpointDuty": "值守", "ResumptionOfWork": "复工复产"}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅志强春雪飞"
SUFFIXES = {"AdministrativeArea": "镇", "Community": "社区", "PartyOrganization": "党支部",
            "GovernmentBody": "办事处", "Company": "有限公司", "Organization": "协会", "Person": ""}
TITLES = ["党支部书记", "主任", "镇长", "副书记", "总经理", "志愿者", "科长", "委员"]


class Corpus:
    """Generated articles and their facts; each fact's sentence is real text in its document."""

    def __init__(self):
        self.facts: list[Facts] = []
        self.length: dict[str, int] = {}      # document name → characters written so far

    def new_article(self, n: int) -> Facts:
        doc = Document(f"synthetic_{n:05d}.txt", "")
        facts = Facts(Article(doc, 0, 0, 0, title=f"第{n}篇报道"))
        self.facts.append(facts)
        return facts

    def mention(self, facts: Facts, entity: Entity) -> Mention:
        mention = Mention(facts.article, Span(0, 0, entity.label), entity.label, entity.type, entity.key)
        facts.mentions.append(mention)
        return mention

    def evidence(self, facts: Facts, sentence: str) -> Evidence:
        """The sentence as the next one in the article (evidence IRIs are made from offsets)."""
        start = self.length.get(facts.article.doc.name, 0)
        self.length[facts.article.doc.name] = start + len(sentence)
        return Evidence(facts.article, Span(start, start + len(sentence), sentence))


def zipf_pick(rng: random.Random, items: list, skew: float = 1.1):
    """An item, the first ones far more often: a few hubs, many leaves."""
    rank = int(len(items) * rng.random() ** (skew * 2.5))
    return items[min(rank, len(items) - 1)]


def make_entities(rng: random.Random, nodes: int) -> dict[str, list[Entity]]:
    entities: dict[str, list[Entity]] = {}
    for cls, share in SHARES.items():
        count = max(2, int(nodes * share))
        made = []
        for i in range(count):
            if cls == "Person":
                label = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) + (str(i) if i > 900 else "")
            else:
                label = f"第{i}{SUFFIXES[cls]}"
            made.append(Entity(f"{cls.lower()}/{label}", cls, label,
                               {label[:2] + "书记"} if cls == "Person" and rng.random() < 0.1 else set(),
                               party_member=cls == "Person" and rng.random() < 0.3))
        entities[cls] = list({e.key: e for e in made}.values())
    return entities


def synthetic_graph(nodes: int = 10_000, seed: int = 0):
    """An RDF graph of about ``nodes`` view nodes (entities plus actions), shaped like ours."""
    rng = random.Random(seed)
    entities = make_entities(rng, nodes)
    corpus = Corpus()
    areas, communities = entities["AdministrativeArea"], entities["Community"]
    organizations = entities["PartyOrganization"] + entities["GovernmentBody"] + entities["Company"] + entities["Organization"]
    people = entities["Person"]
    facts = corpus.new_article(0)
    for i, area in enumerate(areas[1:], 1):               # a tree of areas under the first
        child, parent = corpus.mention(facts, area), corpus.mention(facts, areas[(i - 1) // 8])
        facts.relations.append(Relation("locatedIn", child, parent))
    for community in communities:
        facts.relations.append(Relation("locatedIn", corpus.mention(facts, community),
                                        corpus.mention(facts, zipf_pick(rng, areas, 0.5))))
    for branch in entities["PartyOrganization"]:
        unit = rng.choice(communities + entities["Company"])
        facts.relations.append(Relation("partyBranchOf", corpus.mention(facts, branch), corpus.mention(facts, unit)))
    for i, person in enumerate(people):
        if i % 40 == 0:
            facts = corpus.new_article(len(corpus.facts))
        for _ in range(rng.choice((0, 1, 1, 1, 2))):
            org = zipf_pick(rng, organizations)
            title = rng.choice(TITLES)
            sentence = f"{org.label}{title}{person.label}表示，要把工作做实做细。"
            facts.memberships.append(Membership(corpus.mention(facts, person), title, corpus.mention(facts, org),
                                                corpus.evidence(facts, sentence)))
    for i in range(int(nodes * ACTIONS_SHARE)):
        if i % 6 == 0:
            facts = corpus.new_article(len(corpus.facts))
        facts.actions.append(make_action(rng, corpus, facts, entities, organizations))
    return build_graph([e for group in entities.values() for e in group], corpus.facts)


def make_action(rng, corpus: Corpus, facts: Facts, entities, organizations) -> Action:
    kind = rng.choice(list(ACTION_VERBS))
    people = entities["Person"]
    agent = zipf_pick(rng, people) if rng.random() < 0.6 else zipf_pick(rng, organizations)
    sentence = f"{agent.label}{ACTION_VERBS[kind]}，现场察看有关情况。"
    action = Action(kind, [corpus.mention(facts, agent)], corpus.evidence(facts, sentence), trigger=ACTION_VERBS[kind])
    if kind == "Donation":
        action.recipient = corpus.mention(facts, zipf_pick(rng, organizations + entities["Community"]))
        action.amount = float(rng.choice((2000, 5000, 20000, 50000)))
    elif kind in ("Inspection", "CheckpointDuty"):
        action.targets = [corpus.mention(facts, zipf_pick(rng, entities["Community"] + entities["Company"]))]
    action.participants = [corpus.mention(facts, zipf_pick(rng, people)) for _ in range(rng.choice((0, 0, 1, 2)))]
    return action


# ---------------------------------------------------------------- timing in the browser

def open_until_stable(context, path: Path, ready: str, timeout: float) -> tuple[float, float, int, list[str]]:
    """(wall seconds from navigation to ``ready`` — inf past ``timeout`` —, the
    page's own seconds to stable or nan, nodes drawn, requests other than the file)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    # pyvis pages link Bootstrap from a CDN: refuse it at once rather than wait on a dead network.
    page.route(lambda url: not url.startswith("file:"), lambda route: route.abort())
    started = time.perf_counter()
    try:
        page.goto(path.resolve().as_uri(), timeout=timeout * 1000)
        page.wait_for_function(ready, timeout=timeout * 1000, polling=50)
        wall = time.perf_counter() - started
    except PlaywrightTimeout:
        wall = math.inf
    own = page.evaluate("window.kgView && kgView.state.stable ? "
                        "[kgView.state.firstDrawAt / 1000, kgView.state.stableAt / 1000] : [NaN, NaN]")
    drawn = page.evaluate("(window.kgView ? kgView.network : network).body.nodeIndices.length")
    interaction = page.evaluate(INTERACT) if wall < math.inf else {}
    page.close()
    return wall, own, drawn, [u for u in requests if u != path.resolve().as_uri()], interaction


# Seconds the open page takes to answer a search and to expand (then collapse) its largest community.
INTERACT = """() => {
    if (!window.kgView || !kgView.runSearch) return {};
    const v = kgView, time = f => { const t = performance.now(); f(); return (performance.now() - t) / 1000; };
    const label = v.data.nodes.reduce((a, b) => (b.degree > a.degree ? b : a)).label;
    const out = {};
    if (v.data.communities.length) { out.expand = time(() => v.expand(0)); out.collapse = time(() => v.collapse(0)); }
    out.search = time(() => { document.getElementById("search").value = label.slice(0, 1); v.runSearch(); });
    return out; }"""


KG_READY = "() => document.body.dataset.state === 'stable'"
# pyvis shows a loading bar over 100 nodes and sets it to 100% when stabilization ends (physics runs on).
PYVIS_READY = "() => { const t = document.getElementById('text'); return t ? t.innerHTML === '100%' : window.network !== undefined; }"


def write_kg_view(rdf, path: Path) -> tuple[dict, float]:
    started = time.perf_counter()
    view = select(view_graph(rdf))
    html, stats = page_html(view)
    path.write_text(html, encoding="utf-8")
    return {"nodes": stats.nodes, "edges": stats.edges, "mode": stats.mode,
            "MB": round(path.stat().st_size / 1e6, 1)}, time.perf_counter() - started


def write_pyvis_page(rdf, path: Path) -> tuple[dict, float]:
    """The plain pyvis way: Network.from_nx of the same view graph, inlined resources."""
    from pyvis.network import Network
    import networkx as nx

    started = time.perf_counter()
    view = view_graph(rdf)
    plain = nx.DiGraph()
    plain.add_nodes_from((n, {"label": a["label"], "title": a["label"]}) for n, a in view.nodes(data=True))
    plain.add_edges_from((u, v, {"title": a["label"]}) for u, v, a in view.edges(data=True))
    net = Network(directed=True, cdn_resources="in_line")
    net.from_nx(plain)
    path.write_text(net.generate_html(), encoding="utf-8")
    return {"nodes": plain.number_of_nodes(), "edges": plain.number_of_edges()}, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[5_000, 50_000])
    parser.add_argument("--baseline-nodes", type=int, default=1_000)
    parser.add_argument("--pyvis-nodes", type=int, default=1_000, help="0 to skip the pyvis baseline")
    parser.add_argument("--runs", type=int, default=2, help="page opens per view (the best counts)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for one page to settle")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    out = Path(tempfile.mkdtemp(prefix="bench_view."))
    rows = []
    base_rdf = synthetic_graph(args.baseline_nodes, seed=1)
    cases = [(f"kg view, {n} nodes", synthetic_graph(n), write_kg_view, KG_READY) for n in args.nodes]
    cases.append(("kg view, baseline", base_rdf, write_kg_view, KG_READY))
    if args.pyvis_nodes:
        pyvis_rdf = base_rdf if args.pyvis_nodes == args.baseline_nodes else synthetic_graph(args.pyvis_nodes, seed=1)
        cases.append(("pyvis from_nx", pyvis_rdf, write_pyvis_page, PYVIS_READY))
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(out / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900})
        for name, rdf, write, ready in cases:
            path = out / f"{name.replace(' ', '_').replace(',', '')}.html"
            info, build_seconds = write(rdf, path)
            opens = [open_until_stable(context, path, ready, args.timeout) for _ in range(args.runs)]
            wall, own, drawn, extra, interaction = min(opens, key=lambda o: o[0])
            rows.append((name, info, build_seconds, wall, drawn, extra))
            print(f"{name:24} {info}  written in {build_seconds:5.1f} s; opened and stable in {wall:5.2f} s "
                  f"(page's own clock: first drawing {own[0]:.2f} s, stable {own[1]:.2f} s; all runs "
                  f"{', '.join(f'{o[0]:.2f}' for o in opens)} s), {drawn} nodes drawn"
                  + "".join(f", {k} {v:.3f} s" for k, v in interaction.items())
                  + (f", {len(extra)} other requests refused" if extra else ""), flush=True)
        context.close()
    large, baseline = rows[:len(args.nodes)], rows[len(args.nodes)]
    for row in large:
        print(f"\n{row[0]} / baseline: {row[1]['nodes'] / baseline[1]['nodes']:.1f}× the nodes in "
              f"{row[3] / baseline[3]:.2f}× the time")
    if len(rows) > len(args.nodes) + 1:
        pyvis = rows[-1]
        print(f"pyvis from_nx ({pyvis[1]['nodes']} nodes) / kg view ({baseline[1]['nodes']} nodes): "
              f"{pyvis[3] / baseline[3]:.2f}× the time to settle")
    ok = all(row[3] <= TARGET_SECONDS and not row[5] for row in large)
    print(f"target: {', '.join(str(row[1]['nodes']) for row in large)} nodes each open and settle within "
          f"{TARGET_SECONDS:.0f} s: {'met' if ok else 'NOT met'} ({', '.join(f'{row[3]:.2f}' for row in large)} s)")
    return 0 if ok else 1

if __name__ == "__main__":
    sys.exit(main())
