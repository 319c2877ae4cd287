"""The property-graph export, loaded into a real embedded Cypher database (Ladybug)."""
from __future__ import annotations

import csv
import datetime
from pathlib import Path

import pytest
import ladybug
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import main
from kg.property_graph import ladybug_script, property_graph, write_property_graph
from kg.query import load_store, run_query

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini.ttl"

# Three questions, in Cypher and as the named SPARQL queries ask them
POSTS = """MATCH (m:Post)-[:MEMBER]->(p:Person) OPTIONAL MATCH (m)-[:HAS_ORGANIZATION]->(o)
           RETURN DISTINCT p.name, m.title, o.name"""
MEMBERS = """MATCH (o)<-[:HAS_ORGANIZATION]-(m:Post)-[:MEMBER]->(p) RETURN DISTINCT o.name, m.title, p.name"""
MOST_ACTIVE = """MATCH (a)-[r:AGENT|PARTICIPANT]->(p:Person)
    WITH p, count(*) AS actions, sum(CASE WHEN label(r) = 'AGENT' THEN 1 ELSE 0 END) AS as_agent,
         sum(CASE WHEN label(r) = 'PARTICIPANT' THEN 1 ELSE 0 END) AS as_participant
    ORDER BY actions DESC, p.id LIMIT 100
    RETURN p.name, actions, as_agent, as_participant"""


def loaded(graph: Graph, folder: Path) -> ladybug.Connection:
    write_property_graph(graph, folder / "export")
    connection = ladybug.Connection(ladybug.Database(str(folder / "db")))
    for statement in ladybug_script(property_graph(graph), str(folder / "export")).splitlines():
        connection.execute(statement)
    return connection


def cypher(connection: ladybug.Connection, text: str, **params) -> list[tuple]:
    answer = connection.execute(text, params)
    rows = []
    while answer.has_next():
        rows.append(tuple(answer.get_next()))
    return rows


def same_answers(graph: Graph, connection: ladybug.Connection) -> None:
    store = load_store(graph)
    for text, name in ((POSTS, "posts"), (MEMBERS, "members"), (MOST_ACTIVE, "most-active")):
        sparql = run_query(store, name, limit=0).rows
        assert sparql, name
        assert sorted(cypher(connection, text), key=repr) == sorted(sparql, key=repr), name


def test_the_seed_build_answers_in_cypher_as_in_sparql(tmp_path, dev_pages):
    same_answers(dev_pages, loaded(dev_pages, tmp_path))


def test_a_thousand_national_items_answer_in_cypher_as_in_sparql(tmp_path, thousand_items):
    same_answers(thousand_items, loaded(thousand_items, tmp_path))


def test_nodes_are_labelled_and_typed_and_facts_carry_their_sentences(tmp_path):
    mini = Graph().parse(MINI)
    connection = loaded(mini, tmp_path)
    assert cypher(connection, "MATCH (d:Donation)-[:AGENT]->(p:Person {name: $name}) "
                              "RETURN d.amount, d.date, d.sources", name="李驹") == [
        (20000.0, datetime.date(2020, 2, 11), "003_e0eea08fd75f2ef3.txt")]
    assert cypher(connection, "MATCH (p:Person) WHERE p.is_party_member RETURN count(*)") == [(6,)]
    evidence, = cypher(connection, "MATCH (m:Post)-[:MEMBER]->(:Person {name: '宋洁'}) RETURN m.evidence")
    assert evidence[0].count("\n") == 1 and "区委书记宋洁主持召开" in evidence[0]


def test_the_files_follow_neo4j_admin_import(tmp_path):
    mini = Graph().parse(MINI)
    folder = write_property_graph(mini, tmp_path / "neo4j")
    people = list(csv.reader((folder / "nodes" / "Person.csv").open(encoding="utf-8")))
    assert people[0] == ["id:ID", "name", "is_party_member:boolean"]
    assert len(people) == 1 + 20
    posts = list(csv.reader((folder / "relationships" / "MEMBER-Post-Person.csv").open(encoding="utf-8")))
    assert posts[0] == [":START_ID", ":END_ID"] and len(posts) == 1 + 11
    command = (folder / "neo4j-import.sh").read_text(encoding="utf-8")
    assert "  --nodes=PartyOrganization:Entity:Organization=nodes/PartyOrganization.csv \\\n" in command
    assert "  --relationships=HAS_ORGANIZATION=relationships/HAS_ORGANIZATION-Post-PartyOrganization.csv" in command
    script = (folder / "neo4j-load.cypher").read_text(encoding="utf-8")
    assert ("LOAD CSV WITH HEADERS FROM 'file:///nodes/Person.csv' AS row\nCREATE (:Person:Entity {id: "
            "nullIf(row.`id:ID`, ''), name: nullIf(row.`name`, ''), is_party_member: "
            "toBoolean(nullIf(row.`is_party_member:boolean`, ''))});") in script


def test_cli_writes_the_folder_whole(tmp_path):
    runner = CliRunner()
    out = tmp_path / "pg"
    result = runner.invoke(main, ["export", "--graph", str(MINI), "--format", "neo4j", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "ladybug.cypher", "neo4j-import.sh", "neo4j-load.cypher", "nodes", "relationships"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pg"]        # no temporary folder left
    no_folder = runner.invoke(main, ["export", "--graph", str(MINI), "--format", "neo4j"])
    assert no_folder.exit_code == 1
    assert no_folder.output == "kg: error: --format neo4j writes a folder: give it with --out\n"
    into_folder = runner.invoke(main, ["export", "--graph", str(MINI), "--format", "ttl", "--out", str(out)])
    assert into_folder.output == f"kg: error: {out}: is a folder; --format ttl writes a file\n"
