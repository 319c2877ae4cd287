"""The kg vocabulary as an rdflib namespace, mirroring ``ontology/kg.ttl``.

A misspelt term raises at import time instead of writing a stray IRI.
"""
from rdflib import Namespace
from rdflib.namespace import DefinedNamespace
from rdflib.term import URIRef

ID = Namespace("https://w3id.org/zhkg/id/")


class KG(DefinedNamespace):
    _NS = Namespace("https://w3id.org/zhkg/ontology#")
    _fail = True

    # entity classes
    Entity: URIRef
    Person: URIRef
    Organization: URIRef
    PartyOrganization: URIRef
    GovernmentBody: URIRef
    Company: URIRef
    Place: URIRef
    Community: URIRef
    AdministrativeArea: URIRef
    # articles, actions, evidence
    Article: URIRef
    Action: URIRef
    Donation: URIRef
    Inspection: URIRef
    Meeting: URIRef
    CheckpointDuty: URIRef
    ResumptionOfWork: URIRef
    Evidence: URIRef
    RelationStatement: URIRef
    # properties
    title: URIRef
    isPartyMember: URIRef
    partyBranchOf: URIRef
    locatedIn: URIRef
    mentions: URIRef
    reporter: URIRef
    correspondent: URIRef
    agent: URIRef
    participant: URIRef
    target: URIRef
    recipient: URIRef
    amount: URIRef
    date: URIRef
    text: URIRef
    article: URIRef
    start: URIRef
    end: URIRef
    trigger: URIRef
    inferred: URIRef
