"""Documents → articles: ``split_articles`` cuts a page into its
``Article``s (headline, byline and body span); a JSONL item is one article.
Offsets are character offsets into ``Document.text``, the decoded file with
only a byte-order mark removed, because evidence later points back into it.

Pages are OCR'd newspaper pages: plain text with blank lines between
paragraphs, or markdown with ``#`` headings. Nothing marks where an article
begins, so a page is read the way its layout is built (README, "Input"):

- a headline is a short line without sentence punctuation; two or three of
  them (or a ``——subtitle``) one blank line apart are one headline;
- a new article begins at a headline that follows a closed article (one that
  ended with a bracketed byline ``（记者 …）`` or a ``（下转…版）`` mark), at a
  headline with a byline under it, or at a markdown heading of the level the
  page uses for articles; a lone short line in the middle of an article is a
  section sub-heading if it has a parallel sibling (``稳民心 定军心 …`` /
  ``细摸排 巧施策 …``), a photo caption if it stands after a wide gap, and
  otherwise the headline of an article that followed one without a byline;
- a column of ``●`` items is one article: its bylines are merged;
- banners, editors' lines, captions and continuation marks are skipped, and a
  piece continued from another page (``（上接一版）``) has no title.

Word lists and patterns live in ``kg/lexicons/`` (byline.tsv, page_lines.tsv,
headline.tsv), loaded once by ``page_rules``.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from .lexicon import read_lexicon
from .model import Article, Document
from .reading import CORPUS_SUFFIXES, clean_title, iso_date

MAX_HEADING_CHARS = 40          # a headline line, spaces not counted
MAX_SUBTITLE_CHARS = 60
MAX_BYLINE_CHARS = 48
MAX_BANNER_CHARS = 60
WIDE_GAP = 2                    # blank lines that set a photo or a new layout block apart
MAX_STRETCH = 200               # lines before and after a lone heading searched for its siblings


# -------------------------------------------------------------------- rules

@dataclass(frozen=True)
class PageRules:
    """What splitting knows about newspaper pages, read from ``kg/lexicons/``."""
    patterns: Mapping[str, tuple[re.Pattern[str], ...]]   # page_lines.tsv: kind → patterns
    roles: Mapping[str, str]                              # byline word → reporter | correspondent | credit
    suffixes: frozenset[str]                              # words after byline names: 文图, 摄 …
    outlets: tuple[str, ...]                              # how a paper's name ends: 报, 社 …
    role_word: re.Pattern[str]                            # any role word, longest first, captured
    never_last: tuple[str, ...]                           # a headline never ends with these
    never_inside: tuple[str, ...]                         # … nor contains these
    continued_from_lead: re.Pattern[str]                  # （上接一版） opening a paragraph
    continued_to_tail: re.Pattern[str]                    # （下转二版） closing a paragraph

    def search(self, kind: str, text: str) -> re.Match[str] | None:
        """The first match of any pattern of ``kind`` in ``text``."""
        return next((m for p in self.patterns.get(kind, ()) if (m := p.search(text))), None)

    def whole(self, kind: str, text: str) -> bool:
        """Whether a pattern of ``kind`` matches all of ``text``."""
        return any(p.fullmatch(text) for p in self.patterns.get(kind, ()))


@cache
def page_rules() -> PageRules:
    """The page-splitting rules, loaded once (the result is immutable)."""
    patterns: dict[str, list[re.Pattern[str]]] = {}
    for kind, pattern in read_lexicon("page_lines.tsv"):
        patterns.setdefault(kind, []).append(re.compile(pattern))
    byline_words = read_lexicon("byline.tsv")
    roles = {word: role for word, role in byline_words if role in ("reporter", "correspondent", "credit")}
    suffixes = frozenset(word for word, role in byline_words if role == "suffix")
    outlets = tuple(word for word, role in byline_words if role == "outlet")
    shape: dict[str, list[str]] = {}
    for kind, chars in read_lexicon("headline.tsv"):
        shape.setdefault(kind, []).extend(chars.split())
    words = "|".join(re.escape(w) for w in sorted(roles, key=len, reverse=True))
    mark_from = "|".join(p.pattern for p in patterns.get("continued_from", []))
    mark_to = "|".join(p.pattern for p in patterns.get("continued_to", []))
    return PageRules(
        patterns={kind: tuple(ps) for kind, ps in patterns.items()},
        roles=roles, suffixes=suffixes, outlets=outlets, role_word=re.compile(f"({words})"),
        never_last=tuple(shape.get("never_last", ())), never_inside=tuple(shape.get("never_inside", ())),
        continued_from_lead=re.compile(rf"^\s*(?:{mark_from})\s*"),
        # (?<!\s): searched from inside a run of spaces it can only fail, at a cost of the run's length
        continued_to_tail=re.compile(rf"(?<!\s)\s*(?:{mark_to})\s*$"))


# ------------------------------------------------------------------ bylines

@dataclass(frozen=True)
class Byline:
    """Who an article's byline names: reporters (记者) and correspondents (通讯员)."""
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()


_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NAME = re.compile(rf"[{_HAN}]{{2,4}}|[{_HAN}]{{1,6}}[·•・][{_HAN}·•・]{{1,12}}")
_UNIT = re.compile(rf"[{_HAN}]{{2,16}}")            # a unit credited instead of a person
_PAPER = re.compile(rf"[{_HAN}]{{1,6}}")            # 郑报, 新华社: glued before the first role word
_NAME_SEPARATORS = re.compile(r"[\s、，,；;：:]+")
_BRACKETED = re.compile(r"[（(]\s*([^（）()]{2,80}?)\s*[）)]")
_DATELINE = rf"[{_HAN}\d]{{0,16}}?(?:讯|电)"        # 本报讯, 新华社北京3月1日电
_LEAD_BRACKETED = re.compile(rf"^(?:{_DATELINE})?\s*[（(]\s*([^（）()]{{2,80}}?)\s*[）)]")
_LEAD_PLAIN = re.compile(rf"^{_DATELINE}\s+(.*)$")
_SENTENCE_PUNCTUATION = re.compile(r"[。！？!?；;“”\"]")


def parse_byline(text: str, rules: PageRules, strict: bool = True) -> Byline | None:
    """The names in a byline such as ``郑报全媒体记者 董占卿 通讯员 任彦彦 孙焕平 文图``.

    Needs the byline without brackets. ``strict`` (a line standing free, which
    might be prose or a column head such as 记者手记) wants nothing but role
    words, names set apart by spaces, and suffixes; otherwise (inside brackets)
    names may be glued on and a unit named instead of a person is passed over.
    Gives None when ``text`` is no byline.
    """
    parts = rules.role_word.split(text.strip())
    if len(parts) < 3 or not _byline_head_ok(parts[0], rules):
        return None
    names: dict[str, list[str]] = {"reporter": [], "correspondent": [], "credit": []}
    tokens = 0
    for word, tail in zip(parts[1::2], parts[2::2]):
        if strict and tail and not (tail[0].isspace() or tail[0] in "：:"):
            return None
        for token in _NAME_SEPARATORS.split(tail):
            if not token or token in rules.suffixes:
                continue
            tokens += 1
            name = _strip_suffix(token, rules)
            if _NAME.fullmatch(name):
                names[rules.roles[word]].append(name)
            elif strict or not _UNIT.fullmatch(token):
                return None
    if not tokens:
        return None
    return Byline(tuple(names["reporter"]), tuple(names["correspondent"]))


def _byline_head_ok(head: str, rules: PageRules) -> bool:
    """Whether what stands before the first role word may: nothing, 文/图, a paper's name glued on (郑报)."""
    if not head.strip():
        return True
    tokens = head.split()
    *leading, last = tokens
    if any(t not in rules.suffixes for t in leading):
        return False
    return last in rules.suffixes or (not head[-1].isspace() and bool(_PAPER.fullmatch(last))
                                      and last.endswith(rules.outlets))


def _strip_suffix(token: str, rules: PageRules) -> str:
    """``孙焕平文图`` → ``孙焕平``: a suffix glued to the last name."""
    for suffix in sorted(rules.suffixes, key=len, reverse=True):
        if token.endswith(suffix) and len(token) - len(suffix) >= 2:
            return token[:-len(suffix)]
    return token


def standalone_byline(text: str, rules: PageRules) -> tuple[Byline, bool] | None:
    """A line that is only a byline: the names, and whether it was in brackets."""
    if len(text) > MAX_BYLINE_CHARS + 2:
        return None
    bracketed = _BRACKETED.fullmatch(text)
    if bracketed:
        byline = parse_byline(bracketed.group(1), rules, strict=False)
        return (byline, True) if byline else None
    if _SENTENCE_PUNCTUATION.search(text):
        return None
    byline = parse_byline(text, rules, strict=True)
    return (byline, False) if byline else None


def leading_byline(text: str, rules: PageRules) -> Byline | None:
    """A byline opening a paragraph: ``本报讯（记者 张三）…`` or ``本报讯 记者 张三 …``."""
    match = _LEAD_BRACKETED.match(text)
    if match:
        return parse_byline(match.group(1), rules, strict=False)
    match = _LEAD_PLAIN.match(text)
    if not match:
        return None
    words: list[str] = []
    for token in match.group(1).split():       # 记者 周勇 通讯员 郑芳 | 3月3日，…
        if not (rules.role_word.match(token) or _NAME.fullmatch(_strip_suffix(token, rules))):
            break
        words.append(token)
    return parse_byline(" ".join(words), rules, strict=True) if words else None


def trailing_byline(text: str, rules: PageRules) -> Byline | None:
    """A bracketed byline closing a paragraph: ``…战士！（通讯员 高香玲）``."""
    tail = rules.continued_to_tail.sub("", text)
    matches = list(_BRACKETED.finditer(tail))
    if not matches or matches[-1].end() != len(tail.rstrip()):
        return None
    return parse_byline(matches[-1].group(1), rules, strict=False)


def merge_bylines(*bylines: Byline | None) -> Byline | None:
    """One byline naming everyone the given ones name, in order, once each."""
    found = [b for b in bylines if b]
    if not found:
        return None
    return Byline(tuple(dict.fromkeys(n for b in found for n in b.reporters)),
                  tuple(dict.fromkeys(n for b in found for n in b.correspondents)))


# -------------------------------------------------------------------- lines

@dataclass(frozen=True)
class Line:
    """A non-blank line of a document: its stripped text, offsets, blank lines before it."""
    start: int
    end: int
    text: str
    gap: int


_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")


def content_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text`` with their offsets (of the stripped text)."""
    lines: list[Line] = []
    gap = 0
    for match in _LINE.finditer(text):
        raw = match.group(1)
        stripped = raw.strip()
        if not stripped:
            gap += 1 if match.group(2) else 0
            continue
        start = match.start(1) + len(raw) - len(raw.lstrip())
        lines.append(Line(start, start + len(stripped), stripped, gap))
        gap = 0
    return lines


BANNER, CAPTION, MARK_FROM, MARK_TO = "banner", "caption", "continued_from", "continued_to"
BYLINE, BULLET, BODY = "byline", "bullet", "body"
HEADING, SUBTITLE, MARKDOWN = "heading", "subtitle", "markdown"
HEADINGS = (HEADING, SUBTITLE, MARKDOWN)

_MARKDOWN_HEADING = re.compile(r"#{1,6}\s+\S.*")
_MARKDOWN_PARTS = re.compile(r"(#{1,6})\s+(.*?)(?:\s+#+)?\s*")
_SUBTITLE = re.compile(r"(?:——|—|――|―|--)\s*\S.*")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Item:
    """A classified line: what it is on the page, and what it says about its article."""
    line: Line
    kind: str
    heading: str = ""               # a headline line's text (markdown marks removed)
    level: int = 0                  # a markdown heading's level
    byline: Byline | None = None    # names given by the line (a byline, or one opening/closing a paragraph)
    leads: bool = False             # a paragraph that opens with its article's byline
    closes: bool = False            # ends its article: a bracketed byline, a （下转…） mark
    continued: bool = False         # a paragraph that opens with （上接…）


def classify(line: Line, rules: PageRules, markdown: bool) -> Item:
    """What a line is: banner, caption, mark, byline, heading, bullet item or paragraph."""
    text = line.text
    if markdown and _MARKDOWN_HEADING.fullmatch(text):
        marks, words = _MARKDOWN_PARTS.fullmatch(text).groups()
        return Item(line, MARKDOWN, heading=words, level=len(marks))
    if len(text) <= MAX_BANNER_CHARS and rules.search(BANNER, text):
        return Item(line, BANNER)
    if rules.whole(MARK_FROM, text):
        return Item(line, MARK_FROM)
    if rules.whole(MARK_TO, text):
        return Item(line, MARK_TO, closes=True)
    if len(text) <= MAX_HEADING_CHARS and rules.search(CAPTION, text):
        return Item(line, CAPTION)
    found = standalone_byline(text, rules)
    if found:
        return Item(line, BYLINE, byline=found[0], closes=found[1])
    if _SUBTITLE.fullmatch(text) and len(text) <= MAX_SUBTITLE_CHARS and "。" not in text:
        return Item(line, SUBTITLE, heading=text)
    bullet = rules.search(BULLET, text) is not None
    if not bullet and looks_like_heading(text, rules):
        return Item(line, HEADING, heading=text)
    lead = leading_byline(text, rules)
    tail = trailing_byline(text, rules)
    return Item(line, BULLET if bullet else BODY, byline=merge_bylines(lead, tail), leads=lead is not None,
                closes=tail is not None or bool(rules.continued_to_tail.search(text)),
                continued=bool(rules.continued_from_lead.match(text)))


def looks_like_heading(text: str, rules: PageRules) -> bool:
    """Whether a line has a headline's shape: short, no sentence punctuation, not dangling."""
    compact = _SPACES.sub("", text)
    if not 2 <= len(compact) <= MAX_HEADING_CHARS or len(re.findall(f"[{_HAN}]", compact)) < 2:
        return False
    if any(mark in compact for mark in rules.never_inside):
        return False
    bare = compact.rstrip("”’\"」")
    if not bare or any(bare.endswith(w) for w in rules.never_last):
        return False
    if compact.count("、") > 1 or not _balanced_commas(compact):
        return False
    if compact[0] in "“\"「" and ("，" in compact or "," in compact):
        return False                # a quoted remark
    return not re.search(r"[:：][“\"]", compact)   # someone speaking


def _balanced_commas(text: str) -> bool:
    """A comma in a headline parts a couplet of like halves (``群众利益无小事,一枝一叶总关情``);
    a lopsided one is a clause cut off by the OCR (``宋洁强调,当前国内疫情防控进入胶着``)."""
    halves = re.split("[，,]", text)
    return len(halves) == 1 or (len(halves) == 2 and abs(len(halves[0]) - len(halves[1])) <= 3)


# -------------------------------------------------------------- splitting

def split_articles(doc: Document) -> list[Article]:
    """The articles of a document, in page order (``index`` 0, 1, 2 …).

    Needs a decoded Document. A JSONL item (it has a title, or comes from a
    .jsonl file) is one article. A page is split by its layout (module
    docstring). Gives Articles whose ``start``/``end`` span the body (from the
    first line after the headline to the last line of the article, bylines
    included), with title, bylines and date (the document's, or a date line
    on the page).
    """
    rules = page_rules()
    lines = content_lines(doc.text)
    if not lines:
        return []
    if doc.title is not None or doc.path.lower().endswith(CORPUS_SUFFIXES):
        return [_item_article(doc, lines, rules)]
    if len(lines) >= 2 and rules.search("item_lead", lines[1].text) and \
            lines[0].text[-1] not in "。！？!?；;，,：:":
        # a news item saved as text: its title, then the source line and the story
        item = Document(doc.name, doc.text, doc.path, title=" ".join(lines[0].text.split()),
                        date=doc.date, id=doc.id)
        return [replace(_item_article(item, lines[1:], rules), doc=doc)]
    markdown = any(_MARKDOWN_HEADING.fullmatch(line.text) for line in lines)
    items = [classify(line, rules, markdown) for line in lines]
    drafts = _PageSplitter(items, rules).split()
    date = doc.date or page_date(items, rules)
    return [draft.article(doc, index, date) for index, draft in enumerate(drafts)]


def _item_article(doc: Document, lines: list[Line], rules: PageRules) -> Article:
    """A JSONL item as one article; a byline opening or closing its text is read."""
    first, last = classify(lines[0], rules, False), classify(lines[-1], rules, False)
    byline = merge_bylines(first.byline if first.leads or first.kind == BYLINE else None,
                           last.byline if last.closes or last.kind == BYLINE else None)
    return Article(doc=doc, index=0, start=lines[0].start, end=lines[-1].end, title=doc.title,
                   date=doc.date, reporters=list(byline.reporters) if byline else [],
                   correspondents=list(byline.correspondents) if byline else [])


def page_date(items: Sequence[Item], rules: PageRules) -> str | None:
    """The date of a page's date line (``2020年2月26日 星期三``), if it has one."""
    for item in items:
        if item.kind == BANNER and (match := rules.search("page_date", item.line.text)):
            return iso_date(f"{match['y']}-{match['m']}-{match['d']}")
    return None


def parallel(a: str, b: str, rules: PageRules) -> bool:
    """Whether two sub-heading lines are siblings: built alike, as an article's sections are.

    ``稳民心 定军心 …`` / ``细摸排 巧施策 …`` (as many phrases, first ones alike),
    ``细心筑起安全网`` / ``热心建起守望情`` (one phrase, same length),
    ``守土有责 …`` / ``守土负责 …`` (same opening), ``一、…`` / ``二、…`` (numbered).
    """
    if rules.search("numbered", a) and rules.search("numbered", b):
        return True
    pa, pb = _phrases(a), _phrases(b)
    if "".join(pa)[:2] == "".join(pb)[:2]:
        return True
    if len(pa) != len(pb):
        return False
    return abs(len(pa[0]) - len(pb[0])) <= 1 if len(pa) > 1 else len(pa[0]) == len(pb[0])


def _phrases(text: str) -> list[str]:
    """A heading's phrases, parted by spaces or commas; OCR spaces around numbers and
    Latin letters do not part them (``打响 24 小时`` is one phrase)."""
    joined = re.sub(r"\s*([0-9A-Za-z.%]+)\s*", r"\1", text.strip())
    return [p for p in re.split(r"[\s，,]+", joined) if p] or [joined]


FRESH, EMPTY, OPEN = "fresh", "empty", "open"      # what a heading follows
START, SUB, SKIP, CLOSE = "start", "sub", "skip", "close"


@dataclass
class _Draft:
    """An article being put together: its headline lines, content lines and bylines."""
    title: list[Item]
    first_unit: int
    content: list[Item] = field(default_factory=list)
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    closed: bool = False
    bullets: bool = False
    _counted: tuple[int, int] = field(default=(0, 0), repr=False, compare=False)  # (lines seen, paragraphs)

    def add(self, item: Item) -> None:
        paragraphs = self.paragraphs
        self.content.append(item)
        self.bullets = self.bullets or item.kind == BULLET
        if item.byline:
            self.credit(item.byline)
        if item.kind == BYLINE:
            # Under the headline (or its lead paragraph) a byline opens the article,
            # bracketed or not; after the text it closes it.
            self.closed = self.closed or paragraphs >= (1 if item.closes else 2)
        else:
            self.closed = self.closed or item.closes

    @property
    def paragraphs(self) -> int:
        # counted as lines come (content only grows): summing all of them at each line cost
        # time quadratic in the article's length
        counted, count = self._counted
        if counted < len(self.content):
            count += sum(item.kind in (BODY, BULLET) for item in self.content[counted:])
            self._counted = (len(self.content), count)
        return count

    def credit(self, byline: Byline) -> None:
        self.reporters = list(dict.fromkeys(self.reporters + list(byline.reporters)))
        self.correspondents = list(dict.fromkeys(self.correspondents + list(byline.correspondents)))

    @property
    def worth_keeping(self) -> bool:
        """An article has body text; a headline with only a byline counts too (its body is elsewhere)."""
        return self.paragraphs > 0 or bool(self.title and (self.reporters or self.correspondents))

    def article(self, doc: Document, index: int, date: str | None) -> Article:
        title = " ".join(clean_title(item.heading) for item in self.title) or None
        return Article(doc=doc, index=index, start=self.content[0].line.start,
                       end=self.content[-1].line.end, title=title, date=date,
                       reporters=list(self.reporters), correspondents=list(self.correspondents))


Unit = list[Item]       # one line, or a headline group: heading lines one blank line apart


class _PageSplitter:
    """Walks a page's lines once, opening and closing articles (see the module docstring)."""

    def __init__(self, items: list[Item], rules: PageRules):
        self.rules = rules
        self.markdown = any(item.kind == MARKDOWN for item in items)
        self.level = article_level(items) if self.markdown else 0
        self.units = heading_groups(items, self.level)
        self.drafts: list[_Draft] = []
        self.current: _Draft | None = None

    def split(self) -> list[_Draft]:
        previous = None
        for k, unit in enumerate(self.units):
            if unit[0].kind in HEADINGS:
                self.heading(k, unit)
            else:
                self.line(k, unit[0], previous)
            previous = unit[0].kind
        return [draft for draft in self.drafts if draft.worth_keeping]

    @property
    def state(self) -> str:
        """FRESH: no article open (page start, or the last one closed); EMPTY: only a headline so far."""
        if self.current is None or self.current.closed:
            return FRESH
        return EMPTY if not self.current.content else OPEN

    def start(self, k: int, title: list[Item]) -> None:
        if self.state == EMPTY:
            self.drafts.pop()                       # a headline with nothing under it (the last draft): a banner
        self.current = _Draft(title=title, first_unit=k)
        self.drafts.append(self.current)

    # headings

    def heading(self, k: int, unit: Unit) -> None:
        role, lines = (self.markdown_role if self.markdown else self.plain_role)(k, unit)
        if role == START:
            self.start(k, lines)
        elif role == SUB and self.state != FRESH:
            for item in lines:
                self.current.content.append(item)
        elif role == CLOSE and self.current is not None:
            self.current.closed = True

    def markdown_role(self, k: int, unit: Unit) -> tuple[str, Unit]:
        """Headings at the page's article level start articles; deeper ones are sections."""
        first = unit[0]
        if first.kind == MARKDOWN:
            if first.level == self.level:
                return START, unit
            return (SUB, unit) if first.level > self.level else (CLOSE, unit)
        return (START, unit) if self.followed_by_byline(k) else (SKIP, unit)

    def plain_role(self, k: int, unit: Unit) -> tuple[str, Unit]:
        """Headline, section sub-heading or caption, by what the heading follows and precedes."""
        state, lines = self.state, unit
        if state != FRESH and len(lines) > 1 and lines[0].line.gap >= WIDE_GAP and lines[1].kind == HEADING:
            lines = lines[1:]       # a caption of the article before, set over this headline
        if state == FRESH or self.strong(k, lines):
            return START, lines
        if lines[0].line.gap >= WIDE_GAP:
            return SKIP, lines      # a photo caption standing in its own block
        if state == EMPTY:
            return START, lines     # the line before was a banner, not a headline
        return (SUB, lines) if self.has_sibling(k, lines[0]) else (START, lines)

    def strong(self, k: int, lines: Unit) -> bool:
        """Whether a heading group is a headline wherever it stands."""
        return len(lines) > 1 or self.followed_by_byline(k) or self.followed_by_bullet(k)

    def next_units(self, k: int, count: int) -> list[Item]:
        """The first lines of the next ``count`` units after ``k``, captions passed over."""
        found = []
        for j in range(k + 1, len(self.units)):
            if len(found) == count:
                break
            if self.units[j][0].kind not in (CAPTION, BANNER):
                found.append(self.units[j][0])
        return found

    def followed_by_byline(self, k: int) -> bool:
        """A byline under the heading, or after the lead paragraph, or opening the paragraph."""
        after = self.next_units(k, 2)
        if not after:
            return False
        if after[0].kind == BYLINE or after[0].leads:
            return True
        return (len(after) == 2 and after[0].kind == BODY and not after[0].closes
                and after[1].kind == BYLINE and not after[1].closes)

    def followed_by_bullet(self, k: int) -> bool:
        after = self.next_units(k, 1)
        return bool(after) and after[0].kind == BULLET

    def has_sibling(self, k: int, line: Item) -> bool:
        """Whether another lone heading of the same article is built like this one."""
        return any(parallel(line.heading, other.heading, self.rules)
                   for other in map(self.lone_heading, self.article_stretch(k)) if other is not None)

    def article_stretch(self, k: int) -> list[Unit]:
        """The units around ``k`` that surely belong to the open article, at most
        ``MAX_STRETCH`` each way (so a page of one endless article costs linear time)."""
        before = self.units[max(self.current.first_unit + 1, k - MAX_STRETCH):k]
        after = []
        for j in range(k + 1, min(len(self.units), k + 1 + MAX_STRETCH)):
            unit = self.units[j]
            first = unit[0]
            if first.kind == MARK_FROM or first.continued:
                break
            if first.kind == HEADING and self.strong(j, self.lone_or_all(unit)):
                break
            after.append(unit)
            if first.closes:
                break
        return before + after

    @staticmethod
    def lone_or_all(unit: Unit) -> Unit:
        return unit[1:] if len(unit) == 2 and unit[0].line.gap >= WIDE_GAP else unit

    @classmethod
    def lone_heading(cls, unit: Unit) -> Item | None:
        """The heading of a one-line heading unit (a caption over it left out), else None."""
        if unit[0].kind != HEADING:
            return None
        lines = cls.lone_or_all(unit)
        return lines[0] if len(lines) == 1 and lines[0].kind == HEADING else None

    # other lines

    def line(self, k: int, item: Item, previous: str | None) -> None:
        kind = item.kind
        if kind in (BANNER, CAPTION):
            return
        if kind == MARK_TO:
            if self.current is not None:
                self.current.closed = True
        elif kind == MARK_FROM:
            self.continued(k)
        elif kind == BYLINE:
            self.byline(k, item, previous)
        else:
            self.paragraph(k, item)

    def continued(self, k: int) -> None:
        """（上接…）: a piece from another page; its headline may stand just above."""
        if not (self.state == EMPTY and self.current.title):
            self.start(k, [])

    def byline(self, k: int, item: Item, previous: str | None) -> None:
        if self.state == FRESH:
            # A second bracketed byline right after the one (or the paragraph) that
            # closed an article is still that article's; otherwise one opens here.
            just_closed = self.current is not None and previous in (BYLINE, BODY, BULLET)
            if not (item.closes and just_closed):
                self.start(k, [])
        self.current.add(item)

    def paragraph(self, k: int, item: Item) -> None:
        state = self.state
        if item.continued and not (state == EMPTY and self.current.title):
            self.start(k, [])
        elif state == FRESH:
            if item.kind == BULLET and self.current is not None and self.current.bullets:
                self.current.closed = False          # the next item of a ● column
            else:
                self.start(k, [])
        self.current.add(item)


def article_level(items: Sequence[Item]) -> int:
    """The markdown heading level a page gives its articles' headlines.

    The shallowest level with a heading that has text under it (not just
    captions before the next heading): ``# 共赴春光`` over photos is a banner
    when the articles are ``##``.
    """
    levels = sorted({item.level for item in items if item.kind == MARKDOWN})
    for level in levels:
        for n, item in enumerate(items):
            if item.kind == MARKDOWN and item.level == level:
                following = next((items[j] for j in range(n + 1, len(items))
                                  if items[j].kind not in (HEADING, SUBTITLE, CAPTION, BANNER)), None)
                if following is not None and following.kind != MARKDOWN:
                    return level
    return levels[0]


def heading_groups(items: Sequence[Item], level: int) -> list[Unit]:
    """The page as units: headline groups (heading lines at most one blank line apart,
    a ——subtitle ending one) and single lines. Markdown headings group only at the
    article level."""
    units: list[Unit] = []
    for item in items:
        last = units[-1] if units else None
        if last is not None and _joins(last, item, level):
            last.append(item)
        else:
            units.append([item])
    return units


def _joins(unit: Unit, item: Item, level: int) -> bool:
    """Whether ``item`` continues the headline group ``unit``."""
    head, tail = unit[0], unit[-1]
    if head.kind not in HEADINGS or tail.kind == SUBTITLE:
        return False
    if item.kind == SUBTITLE:
        return head.kind != MARKDOWN or head.level == level
    if head.kind == MARKDOWN:
        return item.kind == MARKDOWN and head.level == item.level == level and item.line.gap <= 1
    return item.kind == HEADING and item.line.gap <= 1
