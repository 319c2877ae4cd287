"""Names at the command line: aliases resolve to their entity, unknown names get suggestions.

On invented entities (tests/fixtures/names.ttl); the endpoint side is in test_remote.py.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import KGError
from kg.names import Candidate, choose, close_names, entity_params, resolve_params, store_select
from kg.query import list_queries, load_query, load_store, run_query

NAMES = Path(__file__).parent / "fixtures" / "names.ttl"
KG = "https://w3id.org/zhkg/ontology#"


@pytest.fixture(scope="module")
def store():
    return load_store(NAMES)


def resolved(store, name: str, params: dict[str, str]) -> tuple[dict[str, str], list[str], list[tuple]]:
    """The parameters a query runs with, the notes, and its rows."""
    resolution = resolve_params(store_select(store), name, params)
    return resolution.params, resolution.notes, run_query(store, name, resolution.params).rows


# --------------------------------------------------------------------------
# Aliases

def test_an_alias_resolves_to_its_entity_with_a_note(store):
    assert resolved(store, "posts", {"person": "小明"}) == (
        {"person": "王小明"}, ["person=小明 is an alias of 王小明 (Person)"], [("王小明", "书记", "某某区委")])


def test_a_canonical_name_is_left_as_it_is_without_a_note(store):
    assert resolved(store, "posts", {"person": "王小明"}) == (
        {"person": "王小明"}, [], [("王小明", "书记", "某某区委")])


def test_homonyms_with_one_alias_are_one_name(store):
    # the query bound to 李大为 matches both; there is nothing to choose
    assert resolved(store, "posts", {"person": "大为"}) == (
        {"person": "李大为"}, ["person=大为 is an alias of 李大为 (Person)"], [("李大为", "委员", "某某区委")])


def test_an_alias_of_several_goes_to_the_most_mentioned(store):
    assert resolved(store, "members", {"organization": "区委"}) == (
        {"organization": "某某区委办"},
        ["organization=区委 is an alias of 某某区委办 (GovernmentBody), the most mentioned of the 2 entities "
         "with that name; the others: 某某区委 (PartyOrganization)"],
        [("某某区委办", "主任", "王小红")])


def test_an_alias_of_several_goes_first_to_the_class_the_query_asks_for(store):
    # party-organizations.rq: ?o a kg:PartyOrganization ; rdfs:label ?organization
    assert resolved(store, "party-organizations", {"organization": "区委"}) == (
        {"organization": "某某区委"},
        ["organization=区委 is an alias of 某某区委 (PartyOrganization), the only PartyOrganization of the "
         "2 entities with that name; the others: 某某区委办 (GovernmentBody)"],
        [("某某区委", "甲镇", "kg:AdministrativeArea")])


def test_equally_mentioned_entities_are_chosen_by_name(store):
    # 乙 (U+4E59) sorts before 甲 (U+7532), as SPARQL orders names
    assert resolved(store, "communities-by-town", {"area": "全镇"}) == (
        {"area": "乙镇"},
        ["area=全镇 is an alias of 乙镇 (AdministrativeArea), the first by name of the most mentioned of the "
         "2 entities with that name; the others: 甲镇 (AdministrativeArea)"],
        [("乙镇", "丁村", "乙镇")])


def test_the_choice_rule():
    a, b, c = (Candidate("甲", (KG + "Company",), 1), Candidate("乙", (KG + "Person",), 5),
               Candidate("丙", (KG + "Company",), 3))
    assert choose("x", "某", []) is None
    assert choose("x", "某", [a, b, c]).chosen == b
    assert choose("x", "某", [a, b, c], frozenset({KG + "Company"})).others == (a, b)
    assert choose("x", "某", [a, b, c], frozenset({KG + "Company"})).reason == "the most mentioned Company"
    assert choose("x", "某", [a, b], frozenset({KG + "Company"})).reason == "the only Company"
    # a class the query asks for that no candidate has decides nothing
    assert choose("x", "某", [a, b, c], frozenset({KG + "Meeting"})).reason == "the most mentioned"


def test_what_is_not_an_entity_name_is_left_alone(store):
    def untouched(name, params):
        resolution = resolve_params(store_select(store), name, params)
        return resolution.params == params and resolution.choices == []

    assert untouched("profile", {"entity": "王小明 察看"})          # an action's label is a label
    assert untouched("posts", {"person": "id:person/王小明"})      # an IRI
    assert untouched("fact-evidence", {"fact": "id:action/1"})     # not a name
    assert untouched("posts", {"organization": "区委"})            # not a parameter (run_query says so)
    # shared-names matches skos:altLabel itself: a name is a name there, known or not
    assert untouched("shared-names", {"name": "区委"}) and untouched("shared-names", {"name": "无此名"})
    assert run_query(store, "shared-names", {"name": "区委"}).rows == [("区委", 2)]


def test_a_query_file_without_declared_parameters_resolves_what_it_matches_by_label(store, tmp_path):
    mine = tmp_path / "mine.rq"
    mine.write_text("SELECT ?who ?what WHERE { ?x rdfs:label ?who ; a ?what }\n", encoding="utf-8")
    assert resolved(store, str(mine), {"who": "小明"}) == (
        {"who": "王小明"}, ["who=小明 is an alias of 王小明 (Person)"], [("王小明", "kg:Person")])


def test_which_parameters_of_the_named_queries_name_an_entity():
    found = {}
    for info in list_queries():
        entities = entity_params(load_query(info.name))
        for param in info.params:
            if param.name in entities:
                found[info.name, param.name] = {c.removeprefix(KG) for c in entities[param.name]}
    assert found == {
        ("articles-by-reporter", "reporter"): set(), ("checkpoint-duty", "agent"): set(),
        ("co-mentions", "person"): set(), ("communities-by-town", "area"): {"AdministrativeArea"},
        ("entity-evidence", "entity"): set(), ("inspections", "inspector"): set(),
        ("meetings", "convener"): set(), ("members", "organization"): set(),
        ("party-members", "person"): set(), ("party-organizations", "organization"): {"PartyOrganization"},
        ("posts", "person"): set(), ("profile", "entity"): set(), ("relation-evidence", "entity"): set(),
        ("resumed-work", "company"): {"Company"},
    }   # not fact-evidence's fact (an IRI), nor shared-names' name (matched against aliases too)


# --------------------------------------------------------------------------
# Did you mean

@pytest.mark.parametrize("value, message", [
    ("王小名", "no entity named 王小名; did you mean 王小明, 王小红?"),
    ("某区委", "no entity named 某区委; did you mean 某某区委, 区委, 某某区委办?"),
    ("赵钱孙", "no entity named 赵钱孙"),
    ("", 'no entity named ""'),
])
def test_an_unknown_name_is_an_error_with_the_closest_names(store, value, message):
    with pytest.raises(KGError) as raised:
        resolve_params(store_select(store), "posts", {"person": value})
    assert str(raised.value) == message


def test_close_names_by_shared_characters_prefix_and_suffix():
    names = ["王晓明", "王小", "李明", "小明同学", "张三", "王大明", "王小明明", "王小明"]
    assert close_names("王小明", names) == ["王小明明", "王小", "王大明", "王晓明", "小明同学"]
    assert close_names("王小明", names, count=2) == ["王小明明", "王小"]
    # a name holding the value is close however long it is; one character is not enough
    long_name = "某某区委新冠肺炎疫情防控工作领导小组"
    assert close_names("区委", [long_name]) == [long_name]
    assert close_names("委", [long_name]) == []


def test_actions_are_not_suggested(store):
    # the action labelled "王小明 察看" would be the closest
    with pytest.raises(KGError) as raised:
        resolve_params(store_select(store), "profile", {"entity": "王小明察看"})
    assert str(raised.value) == "no entity named 王小明察看; did you mean 王小明, 小明, 王小红?"


# --------------------------------------------------------------------------
# The CLI

def kg(*args: str):
    return CliRunner().invoke(main, ["query", *args, "--graph", str(NAMES), "--format", "tsv"])


def test_cli_alias_note_on_stderr_rows_on_stdout():
    result = kg("posts", "--param", "person=小明")
    assert result.exit_code == 0, result.output
    assert result.stdout == "person\ttitle\torganization\n王小明\t书记\t某某区委\n"
    assert result.stderr == "kg: person=小明 is an alias of 王小明 (Person)\n"
    canonical = kg("posts", "--param", "person=王小明")
    assert (canonical.exit_code, canonical.stdout, canonical.stderr) == (0, result.stdout, "")


@pytest.mark.parametrize("value, message", [
    ("王小名", "kg: error: no entity named 王小名; did you mean 王小明, 王小红?\n"),
    ("赵钱孙", "kg: error: no entity named 赵钱孙\n"),
])
def test_cli_unknown_name_is_one_line_and_exit_1(value, message):
    result = kg("posts", "--param", f"person={value}")
    assert result.exit_code == 1
    assert result.output == message and result.stdout == ""
