"""The named queries on a small hand-made graph, parameter binding, formats and the CLI."""
from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef, Variable

from kg.cli import main
from kg.errors import KGError
from kg.query import (QUERIES_DIR, Param, Rows, bind_params, display_width, format_rows, list_queries, load_query,
                      load_store, parse_header, parse_params, prefixed_name, read_graph, run_query, to_term)

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
S3 = "003_e0eea08fd75f2ef3.txt"
S0 = "000_9d9972b1f00130c9.txt"
FEB11, FEB13, FEB15 = datetime.date(2020, 2, 11), datetime.date(2020, 2, 13), datetime.date(2020, 2, 15)
MEETING = f"2月13日,区委书记宋洁主持召开我区新冠肺炎疫情防控工作领导小组会议,区领导耿勇军、李新军、汤晓义、虎荣鑫、赵晨阳、李献民、张向奥、张超、王新伟、李杰出席会议。"
RESUMED = "目前,郑州新生印务有限公司、郑州长城科工贸有限公司等首批18家企业已复工复产。"
WEIGANG = "峡窝镇魏岗村党支部书记何承强在小区巡查了一圈，随后又挨个到 4 家居家隔离户转了一遍，确认没有任何异常情况后，他回到了小区卡点上。"

# What a reader of the fixture (two seed pages, cut down) expects from each query.
# A "、"-joined cell (GROUP_CONCAT) is compared as a set: SPARQL leaves its order open.
EXPECTED = {
    ("posts", ()): [
        ("万正峰", "副市长", None),
        ("付海舰", "党建指导员", "郑州长城科工贸有限公司"),
        ("何承强", "党支部书记", "魏岗村党支部"),
        ("宋洁", "区委书记", "上街区委"),
        ("张景倚", "政协委员", "上街区政协"),
        ("温雪飞", "党支部书记", "商业街社区党支部"),
        ("耿勇军", "区长", None),
        ("赵东东", "政协委员", "上街区政协"),
        ("陈勇", "党委副书记", "峡窝镇党委"),
        ("陈勇", "镇长", None),
        ("陶玉堂", None, "上街区人民检察院"),
    ],
    ("members", (("organization", "上街区政协"),)): [
        ("上街区政协", "政协委员", "张景倚"),
        ("上街区政协", "政协委员", "赵东东"),
    ],
    ("party-organizations", ()): [
        ("上街区委", "上街区", "kg:AdministrativeArea"),
        ("商业街社区党支部", "商业街社区", "kg:Community"),
        ("峡窝镇党委", "峡窝镇", "kg:AdministrativeArea"),
        ("魏岗村党支部", "魏岗村", "kg:Community"),
    ],
    ("donations", ()): [
        (Decimal(27000), "张景倚、赵东东", "上街区慈善总会", FEB11, f"id:action/{S3}/6/0"),
        (Decimal(20000), "李驹", "三湾街社区", FEB11, f"id:action/{S3}/5/0"),
    ],
    ("inspections", ()): [
        ("万正峰", "上街区", "kg:AdministrativeArea", FEB15, f"id:action/{S3}/0/0"),
        ("宋洁", "河南天马新材料股份有限公司", "kg:Company", FEB11, f"id:action/{S3}/2/0"),
        ("耿勇军", "华中电缆", "kg:Company", None, f"id:action/{S3}/2/1"),
    ],
    ("meetings", ()): [
        ("宋洁", "李新军、耿勇军", FEB13, f"id:action/{S3}/1/0"),
    ],
    ("most-active", ()): [
        ("李新军", 4, 0, 4), ("宋洁", 3, 2, 1), ("耿勇军", 3, 1, 2), ("万正峰", 1, 1, 0),
        ("张景倚", 1, 1, 0), ("李驹", 1, 1, 0), ("赵东东", 1, 1, 0), ("陶玉堂", 1, 1, 0),
    ],
    ("communities-by-town", (("area", "峡窝镇"),)): [
        ("峡窝镇", "金昌社区", "峡窝镇"),
        ("峡窝镇", "魏岗村", "峡窝镇"),
    ],
    ("communities-by-town", (("area", "郑州市"),)): [  # two and three hops up
        ("郑州市", "三湾街社区", "济源路街道"),
        ("郑州市", "金昌社区", "峡窝镇"),
        ("郑州市", "魏岗村", "峡窝镇"),
    ],
    ("resumed-work", ()): [
        ("郑州新生印务有限公司", None, RESUMED, f"id:action/{S3}/7/0"),
        ("郑州长城科工贸有限公司", None, RESUMED, f"id:action/{S3}/7/0"),
    ],
    ("fact-evidence", (("fact", f"id:action/{S3}/1/0"),)): [
        (f"id:action/{S3}/1/0", "kg:Meeting", MEETING, S3, 390, 470),
    ],
    ("entity-evidence", (("entity", "宋洁"),)): [
        ("宋洁", "participant", f"id:action/{S3}/0/0",
         "2月15日,副市长万正峰督导我区新冠肺炎疫情防控工作,听取相关工作汇报,研究部署下一步疫情防控工作措施。", S3, 24),
        ("宋洁", "agent", f"id:action/{S3}/1/0", MEETING, S3, 390),
        ("宋洁", "member", "id:membership/宋洁/区委书记/party-org/上街区委", MEETING, S3, 390),
        ("宋洁", "member", "id:membership/宋洁/区委书记/party-org/上街区委",
         "2月11日、12日,区委书记宋洁、区长耿勇军分别察看了企业复工复产情况、社区疫情防控工作。", S3, 1334),
        ("宋洁", "agent", f"id:action/{S3}/2/0",
         "宋洁先后来到河南天马新材料股份有限公司、轻研科技孵化器、人保财险上街营销服务部、中铝矿业公司、雪山实业、"
         "大地保险上街支公司等处,详细了解了企业防控物资准备、员工健康档案登记、疫情防控宣传、消毒流程等各项防控措施落实情况。",
         S3, 1399),
    ],
    ("relation-evidence", (("entity", "魏岗村"),)): [
        ("魏岗村", "魏岗村", "locatedIn", "峡窝镇", "text", WEIGANG, S0, 1356),
        ("魏岗村", "魏岗村党支部", "partyBranchOf", "魏岗村", "text", WEIGANG, S0, 1356),
    ],
    ("relation-evidence", (("entity", "济源路街道"),)): [
        ("济源路街道", "三湾街社区", "locatedIn", "济源路街道", "inferred",
         "2月11日,三湾街社区94岁高龄的共产党员李驹捐赠2万现金,为抗击疫情尽自己的绵薄之力,以实际行动诠释了一名共产党员无私奉献的高尚情怀。",
         S3, 4287),
        ("济源路街道", "济源路街道", "locatedIn", "上街区", "gazetteer", None, None, None),
    ],
    ("co-mentions", (("person", "宋洁"),)): [  # 李新军 and 张超 hold no post: not officials
        ("宋洁", "耿勇军", 3),
        ("宋洁", "万正峰", 1),
    ],
    ("articles-by-reporter", (("reporter", "许峰"),)): [
        ("许峰", "reporter", "市领导督导我区新冠肺炎疫情防控工作", S3, None, f"id:article/{S3}/0"),
        ("许峰", "reporter", "我区召开新冠肺炎疫情防控工作领导小组会议", S3, None, f"id:article/{S3}/1"),
        ("许峰", "reporter", "要闻简报", S3, None, f"id:article/{S3}/6"),
    ],
    ("articles-by-reporter", (("reporter", "高香玲"),)): [
        ("高香玲", "correspondent", "峡窝镇战“疫”情 严防严控出实招", S0, None, f"id:article/{S0}/0"),
    ],
    ("aliases", ()): [
        ("上街区", "kg:AdministrativeArea", 3, "上街、我区"),
        ("上街区人民检察院", "kg:GovernmentBody", 3, "区检察院、检察院"),
        ("上街区委", "kg:PartyOrganization", 2, "区委"),
        ("上街区慈善总会", "kg:Organization", 2, "区慈善总会"),
        ("上街区政协", "kg:Organization", 2, "区政协"),
        ("商业街社区党支部", "kg:PartyOrganization", 2, "社区党支部"),
        ("峡窝镇", "kg:AdministrativeArea", 2, "该镇"),
        ("济源路街道", "kg:AdministrativeArea", 2, "济源路"),
        ("郑州长城科工贸有限公司", "kg:Company", 2, "长城科工贸"),
    ],
    ("shared-names", ()): [("张超", 2)],  # two people called 张超, kept apart
    ("party-members", ()): [
        ("付海舰", "党建指导员（郑州长城科工贸有限公司）"),
        ("何承强", "党支部书记（魏岗村党支部）"),
        ("宋洁", "区委书记（上街区委）"),
        ("李驹", ""),
        ("温雪飞", "党支部书记（商业街社区党支部）"),
        ("陶玉堂", "（上街区人民检察院）"),
    ],
    ("checkpoint-duty", ()): [
        ("陶玉堂", None, None,
         "新冠肺炎疫情防控工作开展以来，区检察院老党员陶玉堂在聂寨一组集资楼的执勤点上，毫无怨言，勤勉尽责，以实际行动为年轻党员树立了榜样。",
         f"id:action/{S0}/2/0"),
    ],
    ("profile", (("entity", "峡窝镇"),)): [
        ("峡窝镇", "type", "AdministrativeArea", 1),
        ("峡窝镇", "also called", "该镇", 1),
        ("峡窝镇", "located in", "上街区", 1),
        ("峡窝镇", "contains", "金昌社区", 1),
        ("峡窝镇", "contains", "魏岗村", 1),
        ("峡窝镇", "has party branch", "峡窝镇党委", 1),
        ("峡窝镇", "mentioned in", "articles", 1),
    ],
    ("profile", (("entity", "宋洁"),)): [
        ("宋洁", "type", "Person", 1),
        ("宋洁", "party member", "yes", 1),
        ("宋洁", "post", "区委书记（上街区委）", 2),
        ("宋洁", "agent of", "Inspection", 1),
        ("宋洁", "agent of", "Meeting", 1),
        ("宋洁", "participant in", "Inspection", 1),
        ("宋洁", "mentioned in", "articles", 3),
    ],
    ("summary", ()): [
        ("kg:Person", 20), ("rdf:Statement", 14), ("kg:Evidence", 14), ("kg:RelationStatement", 14),
        ("org:Membership", 11), ("kg:Article", 9),
        ("kg:AdministrativeArea", 4), ("kg:Community", 4), ("kg:Company", 4), ("kg:PartyOrganization", 4),
        ("kg:Inspection", 3), ("kg:Donation", 2), ("kg:Organization", 2), ("prov:Entity", 1),
        ("kg:CheckpointDuty", 1), ("kg:GovernmentBody", 1), ("kg:Meeting", 1), ("kg:ResumptionOfWork", 1),
    ],
}


@pytest.fixture(scope="module")
def store():
    return load_store(MINI)


def comparable(rows) -> list[tuple]:
    """Rows with each "、"-joined cell as a set of its parts."""
    return [tuple(frozenset(v.split("、")) if isinstance(v, str) and "、" in v else v for v in row)
            for row in rows]


# --------------------------------------------------------------------------
# The library of queries

def test_there_are_at_least_twelve_named_queries_each_with_a_header():
    queries = list_queries()
    assert len(queries) >= 12
    for info in queries:
        assert (QUERIES_DIR / f"{info.name}.rq").is_file(), f"# name: {info.name} is not its file's name"
        assert info.description, info.name
        for param in info.params:
            assert param.description, (info.name, param.name)


def test_the_header_convention(tmp_path):
    text = ("# name: mine\n# description: What it answers,\n#   over two lines.\n"
            "# param: person — a name, e.g. 宋洁\n# param: day (date, required) — a day,\n#   e.g. 2020-02-11\n"
            "PREFIX kg: <https://w3id.org/zhkg/ontology#>\n# not header\nSELECT * WHERE { ?s ?p ?o }\n")
    query = parse_header(text, tmp_path / "mine.rq")
    assert (query.name, query.description) == ("mine", "What it answers, over two lines.")
    assert query.params == (Param("person", "a name, e.g. 宋洁"),
                            Param("day", "a day, e.g. 2020-02-11", "date", True))
    with pytest.raises(KGError, match="unknown flags"):
        parse_header("# param: x (often) — y\n", tmp_path / "bad.rq")


LISTINGS = [q.name for q in map(load_query, [i.name for i in list_queries()]) if q.keys]


def test_the_listings_read_a_page_at_a_time():
    assert LISTINGS == ["articles-by-reporter", "checkpoint-duty", "communities-by-town", "inspections",
                        "meetings", "members", "posts", "resumed-work"]
    assert load_query("posts").key == "person"


@pytest.mark.parametrize("name", LISTINGS)
@pytest.mark.parametrize("limit", [1, 2, 3, 5, 8, 1000])
def test_a_listing_read_in_pages_gives_the_rows_of_one_run(store, monkeypatch, name, limit):
    monkeypatch.setattr("kg.query.FIRST_PAGE_KEYS", 1)  # pages of 1, 4, 16 … keys: several pages here
    whole = run_query(store, name, limit=0)
    paged = run_query(store, name, limit=limit)
    assert comparable(paged) == comparable(whole)[:limit]
    assert paged.truncated == (len(whole) > limit)


def test_a_listing_key_is_written_as_an_escaped_term(tmp_path):
    odd = 'a "quoted" \\ name } VALUES'
    graph = tmp_path / "odd.ttl"
    graph.write_text(
        "@prefix kg: <https://w3id.org/zhkg/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f"<urn:p> a kg:Person ; rdfs:label {ox.Literal(odd, language='zh')} .\n"
        '<urn:m> a org:Membership ; org:member <urn:p> ; kg:title "书记"@zh .\n', encoding="utf-8")
    assert run_query(load_store(graph), "posts", limit=10).rows == [(odd, "书记", None)]


@pytest.mark.parametrize("keys,query,problem", [
    ("SELECT * WHERE { ?s ?p ?o }", "", "of the form SELECT ?param"),
    ("SELECT ?other WHERE { ?s ?p ?other }", "", "not an optional parameter"),
    ("SELECT ?x WHERE { ?s ?p ?x }", "SELECT ?x WHERE { VALUES ?x { UNDEF } ?s ?p ?x } ORDER BY ?s ?x",
     "ordered by ?x first"),
    ("SELECT ?x WHERE { ?s ?p ?x }", "SELECT ?x WHERE { ?s ?p ?x } ORDER BY ?x", "VALUES ?x { UNDEF }"),
])
def test_a_keys_line_that_breaks_the_rules_of_paging_is_refused(tmp_path, keys, query, problem):
    text = f"# param: x — a name\n# keys: {keys}\n{query or 'SELECT ?x WHERE { ?s ?p ?x } ORDER BY ?x'}\n"
    with pytest.raises(KGError, match=re.escape(problem)):
        parse_header(text, tmp_path / "bad.rq")


NAMES_GRAPH = (
    "@prefix kg: <https://w3id.org/zhkg/ontology#> . @prefix prov: <http://www.w3.org/ns/prov#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    '<urn:p1> a kg:Person ; rdfs:label "张超"@zh . <urn:p2> a kg:Person ; rdfs:label "张超"@zh .\n'
    '<urn:a1> a kg:Inspection ; rdfs:label "宋洁 察看"@zh ; prov:wasDerivedFrom <urn:e1> .\n'
    '<urn:a2> a kg:Inspection ; rdfs:label "宋洁 察看"@zh ; prov:wasDerivedFrom <urn:e2> .\n'
    '<urn:o1> a kg:PartyOrganization ; rdfs:label "上街区委"@zh ; skos:altLabel "区委"@zh .\n'
    '<urn:o2> a kg:PartyOrganization ; rdfs:label "巩义市委"@zh ; skos:altLabel "市委"@zh .\n'
    '<urn:o3> a kg:GovernmentBody ; rdfs:label "区委"@zh .\n')


@pytest.mark.parametrize("links, expected", [
    ("<urn:p1> owl:differentFrom <urn:p2> .", [("区委", 2), ("张超", 2)]),
    ("<urn:p2> owl:differentFrom <urn:p1> .", [("区委", 2), ("张超", 2)]),
    # homonyms are found through the links kg build states (a graph without them lists only other names)
    ("", [("区委", 2)]),
])
def test_shared_names_homonyms_and_other_names_not_actions(tmp_path, links, expected):
    graph = tmp_path / "names.ttl"
    graph.write_text(NAMES_GRAPH + links + "\n", encoding="utf-8")
    store = load_store(graph)
    assert run_query(store, "shared-names").rows == expected
    for name in ("区委", "张超", "宋洁 察看"):
        assert run_query(store, "shared-names", {"name": name}).rows == [row for row in expected if row[0] == name]


def test_every_query_has_an_expected_answer():
    assert {name for name, _ in EXPECTED} == {info.name for info in list_queries()}


@pytest.mark.parametrize("name,params", list(EXPECTED), ids=[f"{n}{dict(p) or ''}" for n, p in EXPECTED])
def test_query_returns_the_rows_a_reader_expects(store, name, params):
    rows = run_query(store, name, dict(params))
    assert comparable(rows) == comparable(EXPECTED[name, params])


@pytest.fixture(scope="module")
def rdflib_graph():
    return read_graph(MINI)


@pytest.mark.parametrize("name,params", list(EXPECTED), ids=[f"{n}{dict(p) or ''}" for n, p in EXPECTED])
def test_rdflib_gives_the_same_rows(rdflib_graph, name, params):
    """The queries are plain SPARQL 1.1: rdflib's engine, with the params as initBindings, agrees."""
    query = load_query(name)
    bindings = {Variable(v.value): _rdflib_term(t) for v, t in bind_params(query, dict(params)).items()}
    rows = [tuple(_rdflib_value(v) for v in row) for row in rdflib_graph.query(query.text, initBindings=bindings)]
    assert comparable(rows) == comparable(EXPECTED[name, params])


def _rdflib_term(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    return Literal(term.value, lang=term.language) if term.language else \
        Literal(term.value, datatype=URIRef(term.datatype.value))


def _rdflib_value(value):
    if value is None:
        return None
    if isinstance(value, URIRef):
        return prefixed_name(str(value))
    return value.toPython() if value.datatype else str(value)


def test_rows_carry_python_values_and_readable_names(store):
    amount, donors, recipient, date, donation = run_query(store, "donations").rows[0]
    assert isinstance(amount, Decimal) and isinstance(date, datetime.date)
    assert donation.startswith("id:action/")
    assert run_query(store, "summary").columns == ["class", "count"]


# --------------------------------------------------------------------------
# Parameters: bound as terms, each a filter on its column

def optional_param_cases():
    for info in list_queries():
        if any(p.required for p in info.params):
            continue
        for param in info.params:
            yield info.name, param.name


@pytest.mark.parametrize("name,param", list(optional_param_cases()))
def test_a_parameter_keeps_the_rows_whose_column_has_that_value(store, name, param):
    everything = run_query(store, name)
    column = everything.columns.index(param)
    values = sorted({row[column] for row in everything if row[column] is not None})
    assert values, f"{name}: the fixture has no {param} to filter on"
    for value in values:
        rows = run_query(store, name, {param: str(value)})
        assert rows.rows == [row for row in everything if row[column] == value], (name, param, value)


def test_a_name_that_is_not_in_the_graph_gives_no_rows(store):
    assert len(run_query(store, "posts", {"person": "不存在的人"})) == 0


@pytest.mark.parametrize("value", ['" } ; DROP ALL ; #', "宋洁\" } UNION { ?s ?p ?o", "> } DELETE WHERE { ?s ?p ?o"])
def test_a_hostile_value_is_just_a_value(store, value):
    before = len(store)
    assert len(run_query(store, "posts", {"person": value})) == 0
    assert len(run_query(store, "profile", {"entity": value})) == 0
    assert len(store) == before


def test_params_are_bound_never_spliced_into_the_query_text(store):
    class Spy:
        def query(self, text, **options):
            self.text, self.options = text, options
            return store.query(text, **options)

    spy = Spy()
    rows = run_query(spy, "posts", {"person": "宋洁"})
    assert spy.text == (QUERIES_DIR / "posts.rq").read_text(encoding="utf-8")
    assert spy.options["substitutions"] == {ox.Variable("person"): ox.Literal("宋洁", language="zh")}
    assert rows.rows == [("宋洁", "区委书记", "上街区委")]


def test_an_iri_parameter_takes_a_readable_name_or_a_full_iri(store):
    full = f"https://w3id.org/zhkg/id/action/{S3}/1/0"
    assert run_query(store, "fact-evidence", {"fact": full}).rows == \
        run_query(store, "fact-evidence", {"fact": f"id:action/{S3}/1/0"}).rows
    with pytest.raises(KGError, match="expected an IRI"):
        run_query(store, "fact-evidence", {"fact": "宋洁"})


@pytest.mark.parametrize("value,kind,term", [
    ("宋洁", "label", ox.Literal("宋洁", language="zh")),
    ("id:person/宋洁", "label", ox.NamedNode("https://w3id.org/zhkg/id/person/宋洁")),
    ("kg:Person", "label", ox.NamedNode("https://w3id.org/zhkg/ontology#Person")),
    ("https://example.org/x", "label", ox.NamedNode("https://example.org/x")),
    ("<urn:x:1>", "iri", ox.NamedNode("urn:x:1")),
    ("nope:宋洁", "label", ox.Literal("nope:宋洁", language="zh")),  # not a known prefix
    ("003.txt", "string", ox.Literal("003.txt")),
    ("2020-02-11", "date", ox.Literal("2020-02-11", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))),
    ("2e4", "decimal", ox.Literal("20000", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))),
    ("12", "integer", ox.Literal("12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
    ("TRUE", "boolean", ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))),
])
def test_a_value_becomes_the_term_its_kind_says(value, kind, term):
    assert to_term(value, kind) == term


@pytest.mark.parametrize("value,kind", [("2月11日", "date"), ("many", "decimal"), ("NaN", "decimal"),
                                        ("1.5", "integer"), ("yes", "boolean")])
def test_a_value_of_the_wrong_kind_is_a_one_line_error(value, kind):
    with pytest.raises(KGError, match=f"--param x: expected"):
        to_term(value, kind, "x")


def test_parse_params():
    assert parse_params(["person=宋洁", "fact=a=b"]) == {"person": "宋洁", "fact": "a=b"}
    with pytest.raises(KGError, match="NAME=VALUE"):
        parse_params(["宋洁"])
    # a byte that is not UTF-8 in argv, as Python decodes it (surrogateescape)
    with pytest.raises(KGError, match=re.escape("--param person: not UTF-8 text (byte 0xff)")):
        parse_params([b"person=\xff".decode("utf-8", "surrogateescape")])


# --------------------------------------------------------------------------
# Errors a user can make

def test_unknown_query_names_the_named_ones(store):
    with pytest.raises(KGError, match="unknown query 'postz'.*posts"):
        run_query(store, "postz")


def test_missing_required_and_unknown_params(store):
    with pytest.raises(KGError, match="needs --param entity="):
        run_query(store, "profile")
    with pytest.raises(KGError, match="has no parameter 'who'"):
        run_query(store, "posts", {"who": "宋洁"})


def test_a_query_file_of_ones_own_with_any_param(store, tmp_path):
    mine = tmp_path / "mine.rq"
    mine.write_text("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                    "SELECT ?x ?name WHERE { ?x rdfs:label ?name }", encoding="utf-8")
    assert run_query(store, str(mine), {"name": "陶玉堂"}).rows == [("id:person/陶玉堂", "陶玉堂")]
    assert load_query(str(mine)).name == "mine"


def test_a_broken_query_file_is_a_one_line_error(store, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ", encoding="utf-8")
    with pytest.raises(KGError, match="bad.rq: not valid SPARQL") as error:
        run_query(store, str(bad))
    assert "\n" not in str(error.value)
    with pytest.raises(KGError, match="no such query file"):
        run_query(store, str(tmp_path / "missing.rq"))


def test_unreadable_graphs(tmp_path):
    with pytest.raises(KGError, match="no such graph file"):
        load_store(tmp_path / "kg.ttl")
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    for read in (load_store, read_graph):
        with pytest.raises(KGError, match="broken.ttl: not valid ttl") as error:
            read(broken)
        assert "\n" not in str(error.value)
    odd = tmp_path / "graph.csv"
    odd.write_text("", encoding="utf-8")
    with pytest.raises(KGError, match="unknown RDF format '.csv'"):
        load_store(odd)


def test_read_graph_and_load_store_agree():
    assert len(read_graph(MINI)) == len(load_store(MINI)) == 464


# --------------------------------------------------------------------------
# Formats

def test_table_aligns_chinese_by_display_width():
    rows = Rows(["name", "n"], [("宋洁", 3), ("温雪飞", 12), (None, None)])
    lines = format_rows(rows, "table").splitlines()
    assert lines[0] == "name     n"
    assert lines[2] == "宋洁     3"
    assert lines[3] == "温雪飞  12"
    assert lines[-1] == "(3 rows)"
    assert display_width("宋洁a") == 5


def test_csv_tsv_json():
    rows = Rows(["name", "amount", "date", "text"],
                [("宋洁", Decimal("20000"), datetime.date(2020, 2, 11), "一\t二\n三"), ("李驹", None, None, None)])
    assert format_rows(rows, "csv") == 'name,amount,date,text\n宋洁,20000,2020-02-11,"一\t二\n三"\n李驹,,,\n'
    assert format_rows(rows, "tsv") == "name\tamount\tdate\ttext\n宋洁\t20000\t2020-02-11\t一\\t二\\n三\n李驹\t\t\t\n"
    assert json.loads(format_rows(rows, "json")) == [
        {"name": "宋洁", "amount": 20000, "date": "2020-02-11", "text": "一\t二\n三"},
        {"name": "李驹", "amount": None, "date": None, "text": None}]
    with pytest.raises(KGError, match="unknown format"):
        format_rows(rows, "xml")


def test_prefixed_names():
    assert prefixed_name("https://w3id.org/zhkg/id/person/宋洁") == "id:person/宋洁"
    assert prefixed_name("https://w3id.org/zhkg/ontology#Person") == "kg:Person"
    assert prefixed_name("https://example.org/x") == "<https://example.org/x>"


# --------------------------------------------------------------------------
# The CLI

def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_list():
    result = run("query", "--list")
    assert result.exit_code == 0
    for info in list_queries():
        assert info.name in result.output
    assert "--param entity=… (required)" in result.output


def test_cli_table_csv_json():
    table = run("query", "posts", "--graph", str(MINI), "--param", "person=宋洁")
    assert table.exit_code == 0, table.output
    assert table.output.splitlines()[2].split() == ["宋洁", "区委书记", "上街区委"]
    csv_out = run("query", "donations", "--graph", str(MINI), "--format", "csv")
    assert csv_out.output.splitlines()[0] == "amount,donors,recipient,date,donation"
    assert csv_out.output.splitlines()[2].startswith("20000,李驹,三湾街社区,2020-02-11,")
    as_json = json.loads(run("query", "fact-evidence", "--graph", str(MINI), "--format", "json",
                             "--param", f"fact=id:action/{S3}/1/0").output)
    assert as_json == [{"fact": f"id:action/{S3}/1/0", "type": "kg:Meeting", "sentence": MEETING,
                        "source": S3, "start": 390, "end": 470}]
    tsv = run("query", "summary", "--graph", str(MINI), "--format", "tsv")
    assert tsv.output.splitlines()[1] == "kg:Person\t20"


@pytest.mark.parametrize("args,message", [
    (("query", "postz", "--graph", str(MINI)), "unknown query 'postz'"),
    (("query", "profile", "--graph", str(MINI)), "needs --param entity="),
    (("query", "posts", "--graph", str(MINI), "--param", "宋洁"), "--param takes NAME=VALUE"),
    (("query", "posts", "--graph", "nowhere/kg.ttl"), "nowhere/kg.ttl: no such graph file"),
    (("query", "--graph", str(MINI)), "give a query name"),
])
def test_cli_errors_are_one_line_and_exit_1(args, message):
    result = run(*args)
    assert result.exit_code == 1
    assert message in result.output
    assert result.output.startswith("kg: error: ") and result.output.count("\n") == 1


# --------------------------------------------------------------------------
# The row limit

def test_limit_keeps_the_first_rows_in_order_and_says_it_cut():
    store = load_store(MINI)
    everything = run_query(store, "posts", limit=0)
    assert not everything.truncated and len(everything) == len(EXPECTED[("posts", ())])
    assert run_query(store, "posts", limit=None).rows == everything.rows
    first = run_query(store, "posts", limit=3)
    assert first.truncated and first.rows == everything.rows[:3]  # ORDER BY: the top 3, in order
    exact = run_query(store, "posts", limit=len(everything))
    assert not exact.truncated and exact.rows == everything.rows
    assert not run_query(store, "posts").truncated  # the default, 1,000, is more than the fixture has
    with pytest.raises(KGError, match="--limit"):
        run_query(store, "posts", limit=-1)


def test_cli_limit_notes_the_cut_on_stderr():
    cut = CliRunner().invoke(main, ["query", "posts", "--graph", str(MINI), "--limit", "2"])
    assert cut.exit_code == 0, cut.output
    assert cut.stderr == "2 of more rows shown; --limit 0 for all\n"
    assert cut.stdout.splitlines()[-1] == "(2 rows)" and len(cut.stdout.splitlines()) == 5
    as_csv = CliRunner().invoke(main, ["query", "posts", "--graph", str(MINI), "--limit", "2", "--format", "csv"])
    assert len(as_csv.stdout.splitlines()) == 3 and "--limit 0 for all" in as_csv.stderr
    whole = CliRunner().invoke(main, ["query", "posts", "--graph", str(MINI), "--limit", "0"])
    assert whole.exit_code == 0 and whole.stderr == ""
    assert whole.stdout.splitlines()[-1] == f"({len(EXPECTED[('posts', ())])} rows)"
    assert CliRunner().invoke(main, ["query", "posts", "--graph", str(MINI), "--limit", "-1"]).exit_code == 2
