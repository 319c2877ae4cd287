"""The plain dataclasses handed from stage to stage.

files → Document → Article → Mention → facts (Membership, Action, Relation)
→ Entity → RDF. Every offset is a character offset into ``Document.text``,
the decoded source text, so evidence can always be cut back out of it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

ENTITY_TYPES = ("Person", "PartyOrganization", "GovernmentBody", "Company",
                "Organization", "Community", "AdministrativeArea")
# the classes of a state's own bodies: a foreign country's (美国国务院) is never China's (国务院)
STATE_BODIES = ("GovernmentBody", "PartyOrganization")
ACTION_TYPES = ("Donation", "Inspection", "Meeting", "CheckpointDuty", "ResumptionOfWork")


@dataclass(frozen=True)
class Document:
    """One decoded input: a page file, or one item of a JSONL corpus.

    ``name`` is what ``dcterms:source`` says (the file name; for a JSONL item
    ``file.jsonl#id``). ``text`` is the decoded text that offsets point into:
    the whole page, or the item's ``text`` field.
    """
    name: str
    text: str
    path: str = ""
    title: str | None = None        # JSONL items carry their own title
    date: str | None = None         # ISO date, where the input gives one
    id: str | None = None


@dataclass
class Article:
    """One article: its span in the document, headline and byline."""
    doc: Document
    index: int                      # position on the page, from 0
    start: int                      # body span in doc.text (end exclusive)
    end: int
    title: str | None = None
    date: str | None = None         # ISO date of publication, where known
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        """Stable key: document name and position."""
        return f"{self.doc.name}#{self.index}"

    @property
    def text(self) -> str:
        return self.doc.text[self.start:self.end]


@dataclass(frozen=True)
class Span:
    """A piece of an article's document: ``doc.text[start:end] == text``."""
    start: int
    end: int
    text: str


@dataclass
class Mention:
    """A surface form of an entity in an article.

    ``name`` is the normalised form (line breaks and spaces removed, the
    place prefix kept); ``type`` one of ENTITY_TYPES. ``key`` is filled by
    resolution: the id of the entity the mention refers to.
    """
    article: Article
    span: Span
    name: str
    type: str
    key: str | None = None
    generic: bool = False           # 社区党支部, 检察院: needs context to resolve
    group: str | None = None        # resolution: the shorter name this one is a form of
    implied: bool = False           # implied by the text (区长 → 区人民政府): its span is no name

    @property
    def surface(self) -> str:
        """The form as written, without the whitespace OCR put inside it."""
        return "".join(self.span.text.split())

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end


@dataclass
class Evidence:
    """The sentence a fact came from."""
    article: Article
    span: Span


@dataclass
class Membership:
    """A post (or a post-less affiliation) a person holds."""
    person: Mention
    title: str | None
    organization: Mention | None
    evidence: Evidence


@dataclass
class Action:
    """One event: who did what to whom, when, for how much."""
    type: str                       # one of ACTION_TYPES
    agents: list[Mention]
    evidence: Evidence
    participants: list[Mention] = field(default_factory=list)
    targets: list[Mention] = field(default_factory=list)
    recipient: Mention | None = None
    amount: Decimal | None = None   # yuan, exact
    date: str | None = None         # ISO date
    trigger: str = ""


@dataclass
class Relation:
    """A binary relation between two mentions: locatedIn, partyBranchOf."""
    predicate: str                  # "locatedIn" | "partyBranchOf"
    subject: Mention
    object: Mention
    weak: bool = False              # inferred from the article's focus, not stated
    evidence: Evidence | None = None    # the sentence that states it (or names the subject)


@dataclass
class Facts:
    """Everything extracted from one article."""
    article: Article
    mentions: list[Mention] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    party_members: list[Mention] = field(default_factory=list)
    home: str | None = None         # the page's home district, scope of its names


@dataclass
class Entity:
    """A resolved real-world thing: one node in the graph."""
    key: str                        # stable, readable: "person/宋洁"
    type: str
    label: str
    aliases: set[str] = field(default_factory=set)
    party_member: bool = False
    located_in: set[str] = field(default_factory=set)   # keys of enclosing places
