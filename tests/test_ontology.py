"""ontology/kg.ttl declares the public schema, mirrors kg/vocab.py, and speaks Chinese and English."""
from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS

from kg.validate import ONTOLOGY_DIR
from kg.vocab import KG

SCHEMA_MD = Path(__file__).resolve().parents[2] / "shared" / "SCHEMA.md"
SCHEMA = "https://schema.org/"
PREFIXES = {"kg": str(KG._NS), "org": str(ORG), "prov": str(PROV), "dcterms": str(DCTERMS), "skos": str(SKOS)}

# The terms of ../shared/SCHEMA.md (the public contract), besides rdfs: and xsd:.
SCHEMA_TERMS = """
kg:Person kg:PartyOrganization kg:GovernmentBody kg:Company kg:Organization kg:Community
kg:AdministrativeArea kg:Place kg:Article kg:Action kg:Donation kg:Inspection kg:Meeting
kg:CheckpointDuty kg:ResumptionOfWork kg:Evidence kg:title kg:isPartyMember kg:partyBranchOf
kg:locatedIn kg:mentions kg:reporter kg:correspondent kg:agent kg:participant kg:target
kg:recipient kg:amount kg:date kg:text kg:article kg:start kg:end
org:Membership org:member org:organization prov:Activity prov:wasDerivedFrom
dcterms:title dcterms:source dcterms:date skos:altLabel
""".split()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle")


def iri(term: str) -> URIRef:
    prefix, _, local = term.partition(":")
    return URIRef(PREFIXES[prefix] + local)


def kg_terms(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(KG._NS)}


def test_it_is_an_owl_ontology(ontology):
    assert (URIRef("https://w3id.org/zhkg/ontology"), RDF.type, OWL.Ontology) in ontology


@pytest.mark.parametrize("term", SCHEMA_TERMS)
def test_every_schema_term_is_declared(ontology, term):
    kinds = set(ontology.objects(iri(term), RDF.type))
    assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}, term


def test_the_list_above_is_the_schema_of_shared_schema_md():
    if not SCHEMA_MD.is_file():
        pytest.skip("../shared/SCHEMA.md is not here")
    used = set(re.findall(r"\b(?:kg|org|prov|dcterms|skos):[A-Za-z]+", SCHEMA_MD.read_text(encoding="utf-8")))
    assert used <= set(SCHEMA_TERMS)


def test_vocab_py_mirrors_the_ontology(ontology):
    in_vocab = {KG[name] for name in typing.get_type_hints(KG) if not name.startswith("_")}
    assert in_vocab == kg_terms(ontology)


def test_every_kg_term_is_labelled_and_explained_in_chinese_and_english(ontology):
    for term in kg_terms(ontology):
        for prop in (RDFS.label, RDFS.comment):
            languages = sorted(o.language for o in ontology.objects(term, prop) if isinstance(o, Literal))
            assert languages == ["en", "zh"], (term, prop, languages)


def test_every_kg_property_has_a_domain_and_a_range(ontology):
    properties = {s for s in kg_terms(ontology)
                  if {(s, RDF.type, OWL.ObjectProperty), (s, RDF.type, OWL.DatatypeProperty)} & set(ontology)}
    assert len(properties) == 19
    for prop in properties:
        assert ontology.value(prop, RDFS.domain) is not None, prop
        assert ontology.value(prop, RDFS.range) is not None, prop


@pytest.mark.parametrize("sub,sup", [
    (KG.PartyOrganization, KG.Organization), (KG.GovernmentBody, KG.Organization), (KG.Company, KG.Organization),
    (KG.Community, KG.Place), (KG.AdministrativeArea, KG.Place),
    (KG.Person, KG.Entity), (KG.Organization, KG.Entity), (KG.Place, KG.Entity),
    (KG.Donation, KG.Action), (KG.Inspection, KG.Action), (KG.Meeting, KG.Action),
    (KG.CheckpointDuty, KG.Action), (KG.ResumptionOfWork, KG.Action), (KG.Action, PROV.Activity),
    (KG.RelationStatement, RDF.Statement),
    # alignments to what people already use
    (KG.Person, FOAF.Person), (KG.Organization, ORG.Organization), (KG.PartyOrganization, ORG.OrganizationalUnit),
    (KG.Donation, URIRef(SCHEMA + "DonateAction")), (KG.Inspection, URIRef(SCHEMA + "CheckAction")),
    (KG.Action, URIRef(SCHEMA + "Action")), (KG.Article, PROV.Entity), (KG.Evidence, PROV.Entity),
    (KG.Place, PROV.Location),
])
def test_class_hierarchy_and_alignments(ontology, sub, sup):
    assert (sub, RDFS.subClassOf, sup) in ontology


@pytest.mark.parametrize("sub,sup", [
    (KG.agent, PROV.wasAssociatedWith), (KG.article, PROV.wasQuotedFrom), (KG.date, DCTERMS.date),
    (KG.mentions, URIRef(SCHEMA + "mentions")), (KG.recipient, URIRef(SCHEMA + "recipient")),
])
def test_property_alignments(ontology, sub, sup):
    assert (sub, RDFS.subPropertyOf, sup) in ontology


def test_located_in_is_transitive(ontology):
    assert (KG.locatedIn, RDF.type, OWL.TransitiveProperty) in ontology


def test_every_concrete_class_has_a_shape():
    shapes = Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")
    targeted = set(shapes.objects(None, SH.targetClass))
    concrete = {KG.Person, KG.Organization, KG.PartyOrganization, KG.GovernmentBody, KG.Company, KG.Community,
                KG.AdministrativeArea, KG.Article, KG.Evidence, KG.Donation, KG.Inspection, KG.Meeting,
                KG.CheckpointDuty, KG.ResumptionOfWork, ORG.Membership}
    assert concrete <= targeted
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert isinstance(shape, URIRef), "every node shape has a name, so reports can say which rule broke"
