"""The graph view: the view graph (counts, labels, focus, types, article) and
the page in a real browser (Debian's chromium, headless, via playwright).

The browser tests install chromium with apt-get when it is missing (CI runs
as root on a fresh Debian machine); they never run ``playwright install``.
"""
from __future__ import annotations

import math
import os
import re
import sys
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import KGError
from kg.model import (Action, Article, Document, Entity, Evidence, Facts, Membership, Mention,
                      Relation, Span)
from kg.rdf import build_graph
from kg.layout import force_layout
from kg.view import (LARGE_GRAPH_NODES, ViewStats, page_html, script_json, select,
                     view_graph, write_view)

XSS_IMG = "<img src=x onerror=window.__xss=1>"
XSS_SCRIPT = "<script>window.__xss=1</script>"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]

PAGE_ONE = ("上街区委书记宋洁到峡窝镇金昌社区检查疫情防控工作，峡窝镇镇长陈勇参加。"
            "郑州中力泵阀制造有限公司向区慈善总会捐款2万元。"
            "魏岗村党支部书记何承强带头值守。")
PAGE_TWO = f"峡窝镇召开疫情防控会议，陈勇主持，{XSS_IMG}出席并说{XSS_SCRIPT}。"


# ---------------------------------------------------------------- a small graph built with kg.rdf

class Page:
    """One article and helpers to make mentions and evidence of its text."""

    def __init__(self, name: str, text: str, title: str):
        self.article = Article(Document(name, text), 0, 0, len(text), title=title)
        self.facts = Facts(self.article)

    def span(self, text: str) -> Span:
        start = self.article.doc.text.index(text)
        return Span(start, start + len(text), text)

    def mention(self, name: str, type_: str, key: str, surface: str | None = None) -> Mention:
        mention = Mention(self.article, self.span(surface or name), name, type_, key)
        self.facts.mentions.append(mention)
        return mention

    def evidence(self, sentence: str) -> Evidence:
        return Evidence(self.article, self.span(sentence))


def fixture_facts() -> tuple[list[Entity], list[Facts]]:
    one = Page("page1.txt", PAGE_ONE, "峡窝镇战疫情")
    song = one.mention("宋洁", "Person", "person/宋洁")
    committee = one.mention("上街区委", "PartyOrganization", "party/上街区委")
    town = one.mention("峡窝镇", "AdministrativeArea", "area/峡窝镇")
    community = one.mention("金昌社区", "Community", "community/金昌社区")
    chen = one.mention("陈勇", "Person", "person/陈勇")
    company = one.mention("郑州中力泵阀制造有限公司", "Company", "company/郑州中力泵阀制造有限公司")
    charity = one.mention("区慈善总会", "Organization", "org/区慈善总会")
    he = one.mention("何承强", "Person", "person/何承强")
    sentence1, sentence2, sentence3 = (s + "。" for s in PAGE_ONE.split("。")[:3])
    one.facts.memberships += [
        Membership(song, "区委书记", committee, one.evidence(sentence1)),
        Membership(he, "党支部书记", None, one.evidence(sentence3)),
    ]
    one.facts.actions += [
        Action("Inspection", [song], one.evidence(sentence1), participants=[chen], targets=[community],
               trigger="检查"),
        Action("Donation", [company], one.evidence(sentence2), recipient=charity, amount=20000.0,
               trigger="捐款"),
    ]
    one.facts.relations += [Relation("locatedIn", community, town)]

    two = Page("page2.txt", PAGE_TWO, "峡窝镇召开会议")
    town2 = two.mention("峡窝镇", "AdministrativeArea", "area/峡窝镇")
    chen2 = two.mention("陈勇", "Person", "person/陈勇")
    evil = two.mention(XSS_IMG, "Person", "person/evil")
    two.facts.actions.append(Action("Meeting", [chen2], two.evidence(PAGE_TWO), participants=[evil],
                                    trigger="召开会议"))
    two.facts.memberships.append(Membership(chen2, "镇长", town2, two.evidence(PAGE_TWO)))

    entities = [
        Entity("person/宋洁", "Person", "宋洁", {"宋书记"}, party_member=True),
        Entity("person/陈勇", "Person", "陈勇"),
        Entity("person/何承强", "Person", "何承强", party_member=True),
        Entity("person/evil", "Person", XSS_IMG, {XSS_SCRIPT}),
        Entity("party/上街区委", "PartyOrganization", "上街区委", {"区委"}),
        Entity("area/峡窝镇", "AdministrativeArea", "峡窝镇"),
        Entity("area/上街区", "AdministrativeArea", "上街区"),
        Entity("community/金昌社区", "Community", "金昌社区"),
        Entity("company/郑州中力泵阀制造有限公司", "Company", "郑州中力泵阀制造有限公司", {"中力泵阀"}),
        Entity("org/区慈善总会", "Organization", "区慈善总会"),
    ]
    return entities, [one.facts, two.facts]


def fixture_graph():
    """10 entities, 3 actions; 11 edges (2 membership, 3+2+2 action roles,
    2 relations); evidence and labels carrying markup."""
    entities, facts = fixture_facts()
    graph = build_graph(entities, facts)
    # A relation with no article behind it: drawn, but not evidence of anything.
    from kg.vocab import ID, KG
    graph.add((ID["area/峡窝镇"], KG.locatedIn, ID["area/上街区"]))
    return graph


@pytest.fixture(scope="module")
def graph():
    return fixture_graph()


@pytest.fixture(scope="module")
def view(graph):
    return view_graph(graph)


def labels(view) -> set[str]:
    return {attrs["label"] for _, attrs in view.nodes(data=True)}


def edge_labels(view) -> set[tuple[str, str, str]]:
    return {(view.nodes[u]["label"], attrs["label"], view.nodes[v]["label"])
            for u, v, attrs in view.edges(data=True)}


# ---------------------------------------------------------------- the view graph

def test_view_graph_has_every_entity_and_action(view):
    kinds = [attrs["kind"] for _, attrs in view.nodes(data=True)]
    assert kinds.count("entity") == 10 and kinds.count("action") == 3
    assert view.number_of_edges() == 11
    assert labels(view) >= {"宋洁", "上街区", XSS_IMG, "检查", "捐款 2万元", "召开会议"}


def test_actions_read_as_who_did_what_to_whom(view):
    assert edge_labels(view) == {
        ("宋洁", "agent", "检查"), ("检查", "target", "金昌社区"), ("陈勇", "participant", "检查"),
        ("郑州中力泵阀制造有限公司", "agent", "捐款 2万元"), ("捐款 2万元", "recipient", "区慈善总会"),
        ("陈勇", "agent", "召开会议"), (XSS_IMG, "participant", "召开会议"),
        ("宋洁", "区委书记", "上街区委"), ("陈勇", "镇长", "峡窝镇"),
        ("金昌社区", "locatedIn", "峡窝镇"), ("峡窝镇", "locatedIn", "上街区"),
    }


def test_nodes_carry_class_aliases_posts_and_evidence(view):
    song = view.nodes["https://w3id.org/zhkg/id/person/宋洁"]
    assert song["cls"] == "Person" and song["aliases"] == ["宋书记"] and song["party"]
    assert song["posts"] == ["区委书记 · 上街区委"]
    assert [text for text, _ in song["evidence"]] == ["上街区委书记宋洁到峡窝镇金昌社区检查疫情防控工作，峡窝镇镇长陈勇参加。"]
    he = view.nodes["https://w3id.org/zhkg/id/person/何承强"]
    assert he["posts"] == ["党支部书记"] and len(he["evidence"]) == 1
    chen = view.nodes["https://w3id.org/zhkg/id/person/陈勇"]
    assert len(chen["evidence"]) == 2        # the inspection and the meeting (its membership: same sentence)
    evil = view.nodes["https://w3id.org/zhkg/id/person/evil"]
    assert evil["aliases"] == [XSS_SCRIPT] and XSS_SCRIPT in evil["evidence"][0][0]


def test_membership_edge_keeps_its_evidence(view):
    (attrs,) = [a for _, _, a in view.edges(data=True) if a["label"] == "镇长"]
    assert attrs["evidence"] == [(PAGE_TWO, "https://w3id.org/zhkg/id/article/page2.txt/0")]


def test_focus_depth_counts_an_action_as_one_hop(view):
    assert labels(select(view, focus="宋洁", depth=0)) == {"宋洁"}
    assert labels(select(view, focus="宋书记", depth=1)) == {"宋洁", "上街区委", "检查", "金昌社区", "陈勇"}
    two = labels(select(view, focus="宋洁", depth=2))
    assert {"峡窝镇", "召开会议", XSS_IMG} <= two and "上街区" not in two
    with pytest.raises(KGError, match="no entity named"):
        select(view, focus="没有这个人")


def test_types_keep_classes_and_the_actions_among_them(view):
    people = select(view, types="Person")
    assert labels(people) == {"宋洁", "陈勇", "何承强", XSS_IMG, "检查", "召开会议"}
    orgs = select(view, types="kg:Organization")       # a superclass: its subclasses too
    assert labels(orgs) == {"上街区委", "郑州中力泵阀制造有限公司", "区慈善总会", "捐款 2万元"}
    donations = select(view, types=["Donation"])
    assert labels(donations) == {"捐款 2万元", "郑州中力泵阀制造有限公司", "区慈善总会"}
    assert donations.number_of_edges() == 2
    with pytest.raises(KGError, match="unknown class 'Robot'"):
        select(view, types="Person,Robot")


def test_article_subgraph_is_what_it_mentions_and_its_facts(view):
    two = select(view, article="page2.txt#0")
    assert labels(two) == {"峡窝镇", "陈勇", XSS_IMG, "召开会议"}
    assert edge_labels(two) == {("陈勇", "agent", "召开会议"), (XSS_IMG, "participant", "召开会议"),
                                ("陈勇", "镇长", "峡窝镇")}
    assert labels(select(view, article="page2.txt")) == labels(two)
    one = select(view, article="https://w3id.org/zhkg/id/article/page1.txt/0")
    assert "镇长" not in {label for _, _, label in edge_labels(one)}   # that post is page 2's
    with pytest.raises(KGError, match="no article 'page9.txt#0'"):
        select(view, article="page9.txt#0")


def test_script_json_cannot_close_the_script_element():
    text = script_json({"a": "</script><script>alert(1)</script><!--", "b": "\u2028"})
    assert "<" not in text and ">" not in text and "\u2028" not in text


def test_page_is_self_contained(view):
    html, stats = page_html(view)
    assert stats == ViewStats(13, 11, "physics", communities=0, isolated=1)
    assert not re.search(r"<(script|img|link|iframe)\b[^>]*\b(src|href)\s*=", html, re.I)
    for needle in ("@import", "url(http", "cdn.", "bootstrap"):
        assert needle not in html.lower(), needle
    assert XSS_IMG not in html and XSS_SCRIPT not in html


def test_large_graphs_get_a_precomputed_layout(view):
    html, stats = page_html(view, large=True)
    assert stats.mode == "precomputed" and '"mode":"precomputed"' in html
    assert LARGE_GRAPH_NODES <= 2000


def test_layout_places_every_node_and_packs_components(view):
    pytest.importorskip("numpy", reason="the precomputed layout needs numpy")
    positions = force_layout(view)
    assert set(positions) == set(view.nodes)
    assert len(set(positions.values())) == view.number_of_nodes()       # no two nodes on one spot
    assert force_layout(view) == positions                                # deterministic


def test_without_numpy_the_page_lays_nodes_out_itself(view, monkeypatch):
    monkeypatch.setitem(sys.modules, "numpy", None)
    assert force_layout(view) == {}
    html, stats = page_html(view)
    assert stats.nodes == 13 and '"x":' not in html


def test_write_view_and_cli(tmp_path, graph):
    stats = write_view(graph, tmp_path / "v.html", focus="陈勇", depth=1)
    assert stats.nodes == 7 and (tmp_path / "v.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    (tmp_path / "kg.ttl").write_text(graph.serialize(format="turtle"), encoding="utf-8")
    result = CliRunner().invoke(main, ["view", "--graph", str(tmp_path / "kg.ttl"), "--out",
                                       str(tmp_path / "g.html"), "--types", "Person,Company"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "g.html").exists()


def test_cli_bad_graph_is_one_line_error(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <<<", encoding="utf-8")
    for args in (["--graph", str(bad)], ["--graph", str(tmp_path / "missing.ttl")]):
        result = CliRunner().invoke(main, ["view", *args, "--out", str(tmp_path / "g.html")])
        assert result.exit_code == 1
        assert result.output.strip().count("\n") == 0 and result.output.startswith("kg: error:")
    assert not (tmp_path / "g.html").exists()


# ---------------------------------------------------------------- in a real browser

def ensure_chromium() -> str:
    """Debian's chromium (and CJK fonts), installed with apt-get when missing."""
    if not Path(CHROMIUM).exists():
        if shutil.which("apt-get") is None or os.geteuid() != 0:
            pytest.skip("chromium is missing and cannot be installed here (needs root and apt-get)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium", "fonts-noto-cjk"], check=True, env=env)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """A headless chromium context with a fresh profile (never ``playwright install``)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = ensure_chromium()
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=executable,
            headless=True, args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 900})
        yield context
        context.close()


class Opened:
    """A page opened from a file:// URL, with what it asked for and complained about."""

    def __init__(self, context, path: Path):
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda msg: msg.type in ("error", "warning") and self.errors.append(msg.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(self.url)
        self.page.wait_for_selector("body[data-state=stable]", state="attached", timeout=30_000)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def click_node(self, node_id: int) -> None:
        """A real mouse click where the node is drawn."""
        box = self.page.locator("#network").bounding_box()
        point = self.js("id => kgView.network.canvasToDOM(kgView.network.getPositions([id])[id])", node_id)
        self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


@pytest.fixture(scope="module")
def opened(browser, tmp_path_factory, graph):
    path = tmp_path_factory.mktemp("view") / "graph.html"
    stats = write_view(graph, path)
    page = Opened(browser, path)
    yield page, stats
    page.page.close()


def node_id(opened_page: Opened, label: str) -> int:
    return opened_page.js("label => kgView.data.nodes.find(n => n.label === label).id", label)


def test_page_loads_offline_without_errors(opened):
    page, stats = opened
    assert page.requests == [page.url]
    assert page.errors == []
    assert stats.nodes == 13 and page.js("kgView.data.nodes.length") == stats.nodes
    assert page.js("kgView.network.body.nodeIndices.length") == stats.nodes - stats.isolated   # isolates hidden
    assert page.js("kgView.edges.length") == stats.edges == 11
    assert page.js("kgView.network.physics.options.enabled") is False   # settled, then stopped
    assert "物理模拟已停止" in page.page.locator("#status").inner_text()


def test_screenshot_is_not_blank(opened):
    page, _ = opened
    colours, inked = png_colour_stats(page.page.locator("#network").screenshot())
    assert colours > 50 and inked > 0.005


def test_markup_in_article_text_stays_text(opened):
    page, _ = opened
    evil = node_id(page, XSS_IMG)
    page.click_node(evil)
    details = page.page.locator("#details")
    assert XSS_IMG in details.inner_text() and XSS_SCRIPT in details.inner_text()
    assert details.locator("img, script").count() == 0
    page.page.mouse.move(0, 0)
    box = page.page.locator("#network").bounding_box()
    point = page.js("id => kgView.network.canvasToDOM(kgView.network.getPositions([id])[id])", evil)
    page.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.page.wait_for_selector("div.vis-tooltip", state="visible")
    tooltip = page.page.locator("div.vis-tooltip")
    assert XSS_IMG in tooltip.inner_text() and tooltip.locator("img, script").count() == 0
    assert page.js("window.__xss") is None
    assert page.js("document.querySelectorAll('img').length") == 0
    assert page.errors == []


def test_click_highlights_the_neighbourhood(opened):
    page, _ = opened
    song = node_id(page, "宋洁")
    page.click_node(song)
    assert page.page.locator("#details h3").inner_text() == "宋洁"
    assert "宋书记" in page.page.locator("#details").inner_text()
    dimmed = set(page.js("[...kgView.state.dimmed].map(id => kgView.data.nodes[id].label)"))
    lit = {n["label"] for n in page.js("kgView.data.nodes")
           if n["id"] in page.js("kgView.network.body.nodeIndices")} - dimmed
    assert lit == {"宋洁", "上街区委", "检查", "金昌社区", "陈勇"}
    assert page.js(f"kgView.nodes.get({node_id(page, '上街区')}).opacity") < 1
    assert page.js(f"kgView.nodes.get({node_id(page, '捐款 2万元')}).font.size") == 11   # dimmed, still small
    page.js("kgView.network.unselectAll()")
    page.page.mouse.click(*corner_of(page))        # empty canvas: everything back
    assert page.js("kgView.state.dimmed.size") == 0


def corner_of(page: Opened) -> tuple[float, float]:
    box = page.page.locator("#network").bounding_box()
    return box["x"] + 5, box["y"] + 5


def test_search_finds_labels_and_aliases(opened):
    page, _ = opened
    page.page.fill("#search", "中力泵阀")
    page.page.press("#search", "Enter")
    assert page.page.locator("#search-count").inner_text() == "1 个匹配"
    assert page.js("kgView.network.getSelectedNodes()") == [node_id(page, "郑州中力泵阀制造有限公司")]
    assert page.page.locator("#details h3").inner_text() == "郑州中力泵阀制造有限公司"
    page.page.fill("#search", "")
    page.page.press("#search", "Enter")
    assert page.js("kgView.state.dimmed.size") == 0


def test_class_filter_hides_and_shows(opened):
    page, _ = opened
    persons = page.js("kgView.data.nodes.filter(n => n.cls === 'Person' && n.degree).map(n => n.id)")
    page.page.locator("#classes input[data-cls=Person]").uncheck()
    assert not set(persons) & set(page.js("kgView.network.body.nodeIndices"))
    assert page.js("kgView.edges.length") == 11 - 6
    page.page.locator("#classes input[data-cls=Person]").check()
    assert set(persons) <= set(page.js("kgView.network.body.nodeIndices"))
    assert page.js("kgView.edges.length") == 11


def test_large_mode_page_says_so_and_draws_without_physics(browser, tmp_path, view):
    html, stats = page_html(view, large=True)
    path = tmp_path / "large.html"
    path.write_text(html, encoding="utf-8")
    page = Opened(browser, path)
    try:
        assert page.errors == [] and page.requests == [page.url]
        assert page.js("kgView.network.body.nodeIndices.length") == stats.nodes - stats.isolated
        assert page.js("kgView.network.physics.options.enabled") is False
        assert "precomputed layout, physics off" in page.page.locator("#status").inner_text()
        page.click_node(node_id(page, "宋洁"))
        selected = page.js("kgView.network.getSelectedNodes().map(id => kgView.data.nodes[id].label)")
        assert set(selected) == {"宋洁", "上街区委", "检查", "金昌社区", "陈勇"}
        assert page.page.locator("#details h3").inner_text() == "宋洁"
    finally:
        page.page.close()


def test_empty_graph_page(browser, tmp_path):
    from kg.rdf import new_graph
    path = tmp_path / "empty.html"
    assert write_view(new_graph(), path) == ViewStats(0, 0, "physics")
    page = Opened(browser, path)
    try:
        assert page.errors == [] and page.page.locator("#empty").is_visible()
    finally:
        page.page.close()


# ---------------------------------------------------------------- reading a PNG without extra packages

def png_colour_stats(png: bytes) -> tuple[int, float]:
    """(distinct colours, share of pixels that are not the most common colour) of an 8-bit RGB/RGBA PNG."""
    width, height, channels, rows = _png_rows(png)
    counts: dict[bytes, int] = {}
    for row in rows:
        for x in range(0, width * channels, channels):
            pixel = row[x:x + 3]
            counts[pixel] = counts.get(pixel, 0) + 1
    background = max(counts.values())
    return len(counts), 1 - background / (width * height)


def _png_rows(png: bytes):
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        body = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = header
    assert depth == 8 and colour_type in (2, 6) and interlace == 0
    channels = 3 if colour_type == 2 else 4
    raw, stride = zlib.decompress(idat), width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


# ---------------------------------------------------------------- overview at scale, focus, search ranking

def drawn_view(nodes: list[tuple[str, str, list[str]]], links: list[tuple[str, str, str]]):
    """A view graph straight from (label, class, aliases) and (from, to, role) rows."""
    import networkx as nx
    view = nx.MultiDiGraph(articles={})
    for label, cls, aliases in nodes:
        view.add_node(f"id:{label}:{cls}", kind="entity", cls=cls, label=label, aliases=aliases, posts=[],
                      party=False, evidence=[], articles=set())
    for u, v, role in links:
        view.add_edge(u, v, key=role, label=role, role=role)
    return view


def two_groups():
    """Two six-person cliques joined by one edge, and three isolated people."""
    people = [(f"甲{i}", "Person", []) for i in range(6)] + [(f"乙{i}", "Person", []) for i in range(6)] \
        + [(f"丙{i}", "Person", []) for i in range(3)]
    iri = {label: f"id:{label}:Person" for label, _, _ in people}
    links = [(iri[f"{g}{i}"], iri[f"{g}{j}"], "participant") for g in "甲乙" for i in range(6) for j in range(i + 1, 6)]
    return drawn_view(people, links + [(iri["甲0"], iri["乙0"], "agent")])


def open_html(browser, tmp_path, html: str) -> Opened:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    return Opened(browser, path)


def test_communities_are_found_and_laid_out_apart():
    html, stats = page_html(two_groups(), communities=True)
    assert (stats.communities, stats.isolated) == (2, 3)
    from kg.view import page_data
    data = page_data(two_groups(), communities=True)
    members = [{data["nodes"][m]["label"] for m in c["members"]} for c in data["communities"]]
    assert sorted(map(sorted, members)) == [[f"乙{i}" for i in range(6)], [f"甲{i}" for i in range(6)]]
    assert all(c["label"].endswith("等 6") for c in data["communities"])
    assert len(data["opening"]) == 12                        # the page opens on the joined groups
    a, b = data["communities"]
    assert math.dist((a["x"], a["y"]), (b["x"], b["y"])) > 90


def test_isolated_nodes_hidden_until_asked_for(browser, tmp_path):
    html, stats = page_html(two_groups(), communities=False)
    page = open_html(browser, tmp_path, html)
    try:
        assert page.errors == []
        assert page.page.locator("#isolated-count").inner_text() == "3"
        assert page.js("kgView.network.body.nodeIndices.length") == 12
        page.page.locator("#show-isolated").check()
        assert page.js("kgView.network.body.nodeIndices.length") == 15
        page.page.fill("#min-degree", "6")                    # only the two joined people have six links
        page.page.press("#min-degree", "Enter")
        shown = page.js("kgView.network.body.nodeIndices.map(id => kgView.data.nodes[id].label)")
        assert sorted(shown) == ["乙0", "甲0"]
    finally:
        page.page.close()


def test_collapsed_community_expands_on_click_and_collapses_again(browser, tmp_path):
    html, stats = page_html(two_groups(), communities=True)
    page = open_html(browser, tmp_path, html)
    try:
        assert page.errors == []
        n = page.js("kgView.N")
        assert sorted(page.js("kgView.network.body.nodeIndices")) == [n, n + 1]     # two groups, nothing else
        assert page.js("kgView.edges.get().filter(e => !e.hidden).map(e => e.title)") == ["1 条关系 links"]
        page.click_node(n)
        shown = page.js("kgView.network.body.nodeIndices")
        group = page.js(f"kgView.data.communities[0].members")
        assert sorted(shown) == sorted(group + [n + 1])
        assert page.js("kgView.edges.get().filter(e => !e.hidden).length") == 15 + 1   # the clique and one link
        page.click_node(group[1])
        page.page.get_by_role("button", name=re.compile("收起所在社区")).click()
        assert sorted(page.js("kgView.network.body.nodeIndices")) == [n, n + 1]
        page.page.get_by_role("button", name=re.compile("expand all")).click()
        assert len(page.js("kgView.network.body.nodeIndices")) == 12
    finally:
        page.page.close()


def test_search_ranks_exact_names_then_aliases_then_prefixes_people_first(browser, tmp_path):
    view = drawn_view([("王小明科技有限公司", "Company", []), ("小明", "Person", ["王小明"]),
                       ("王小明", "Organization", []), ("王小明", "Person", []), ("大王小明村", "Community", [])], [])
    page = open_html(browser, tmp_path, page_html(view)[0])
    try:
        page.page.fill("#search", "王小明")
        page.page.press("#search", "Enter")
        ranked = page.js("kgView.ranked('王小明').map(f => kgView.data.nodes[f.id].label + ' ' + kgView.data.nodes[f.id].cls)")
        assert ranked == ["王小明 Person", "王小明 Organization", "小明 Person", "王小明科技有限公司 Company",
                          "大王小明村 Community"]
        assert page.page.locator("#search-count").inner_text() == "5 个匹配"
        assert page.page.locator("#details h3").inner_text() == "王小明"
        assert page.page.locator("#details .cls").inner_text().startswith("人物")
        items = page.page.locator("#search-results li")
        assert items.count() == 5 and "别名 王小明" in items.nth(2).inner_text()
        items.nth(3).click()                                 # an isolated node, shown because it was chosen
        assert page.page.locator("#details h3").inner_text() == "王小明科技有限公司"
        assert page.js("kgView.network.body.nodeIndices.length") == 2
    finally:
        page.page.close()


def test_focus_view_marks_and_centres_its_entity(browser, tmp_path, graph):
    result = CliRunner().invoke(main, ["view", "--graph", str(graph_file(tmp_path, graph)), "--focus", "宋书记"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "focus-宋书记.html"
    assert path.exists() and not (tmp_path / "graph.html").exists()
    page = Opened(browser, path)
    try:
        focus = page.js("kgView.data.focus")
        assert [page.js(f"kgView.data.nodes[{focus[0]}].label")] == ["宋洁"]
        point = page.js("id => kgView.network.canvasToDOM(kgView.network.getPositions([id])[id])", focus[0])
        frame = page.page.locator("#network").bounding_box()
        assert abs(point["x"] - frame["width"] / 2) < 2 and abs(point["y"] - frame["height"] / 2) < 2
        assert page.js(f"kgView.nodes.get({focus[0]}).borderWidth") == 5
        details = page.page.locator("#details")
        assert details.locator("h3").inner_text().startswith("宋洁") and "焦点" in details.inner_text()
        assert [h.inner_text() for h in details.locator("h4").all()] == ["职务 posts (1)", "发起 agent (1)"]
    finally:
        page.page.close()


def graph_file(folder: Path, graph) -> Path:
    path = folder / "kg.ttl"
    graph.serialize(path, format="turtle")
    return path


def test_focus_file_names_are_safe():
    from kg.view import view_file_name
    assert view_file_name() == "graph.html"
    assert view_file_name("宋洁") == "focus-宋洁.html"
    assert view_file_name("a/b:c d\n") == "focus-a_b_c_d_.html"
    assert view_file_name("..") == "focus-_.html"


def test_labels_shown_never_overlap(browser, tmp_path):
    """On a crowded overview, the labels vis-network draws (its own measured boxes) do not overlap."""
    import networkx as nx
    hub = nx.barabasi_albert_graph(400, 2, seed=1)
    view = drawn_view([(f"人物{i:03d}号", "Person", []) for i in hub],
                      [(f"id:人物{u:03d}号:Person", f"id:人物{v:03d}号:Person", "agent") for u, v in hub.edges()])
    page = open_html(browser, tmp_path, page_html(view, large=True, communities=False)[0])
    try:
        boxes = page.js("""() => {
            const v = kgView, net = v.network, out = [];
            net.redraw();
            for (const id of net.body.nodeIndices) {
                const node = net.body.nodes[id];
                if (!v.nodes.get(id).label || !node.labelModule.visible) continue;
                const s = node.labelModule.size, a = net.canvasToDOM({x: s.left, y: s.top}),
                      b = net.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
                out.push([a.x, a.y, b.x, b.y]);
            }
            return out; }""")
        assert 10 < len(boxes) < 400 and page.js("kgView.state.labelled") >= len(boxes) * 0.9
        clashes = [(p, q) for i, p in enumerate(boxes) for q in boxes[i + 1:]
                   if p[0] < q[2] - 1 and q[0] < p[2] - 1 and p[1] < q[3] - 1 and q[1] < p[3] - 1]
        assert clashes == []
    finally:
        page.page.close()


def test_search_finds_a_person_by_surname_and_post(browser, tmp_path):
    view = drawn_view([("赵一鸣", "Person", []), ("赵二", "Person", []), ("钱一鸣", "Person", [])], [])
    view.nodes["id:赵一鸣:Person"]["posts"] = ["县委书记 · 某某县委"]
    view.nodes["id:钱一鸣:Person"]["posts"] = ["镇长"]
    page = open_html(browser, tmp_path, page_html(view)[0])
    try:
        found = lambda q: page.js(f"kgView.ranked('{q}').map(f => kgView.data.nodes[f.id].label)")
        assert found("赵书记") == ["赵一鸣"] and found("一鸣书记") == ["赵一鸣"] and found("赵县委书记") == ["赵一鸣"]
        assert found("钱镇长") == ["钱一鸣"] and found("钱书记") == [] and found("赵镇长") == []
    finally:
        page.page.close()
