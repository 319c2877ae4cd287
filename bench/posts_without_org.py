"""Check: the share of posts whose title names their organization but which have none.

    python bench/posts_without_org.py out/kg.ttl [--top 20]

A title names its organization when it holds a unit word (县委书记, 村党支部书记,
政协主席, 党组成员) or heads a level's government (县长, 副省长): for such a post
the text always says which body, so a membership without ``org:organization``
is a miss. Titles that name none (总统, 主席, 委员, 发言人) are counted apart:
there the text may not say; so are the heads of places abroad (华盛顿市长), as
kg models no foreign city or its government. Prints both shares and the commonest titles of the
misses. Not a test: a figure for the posts issue (target under 5 %).
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from kg.facts import HEAD_TITLES
from kg.lexicon import load_lexicon

POSTS = """
PREFIX kg: <https://w3id.org/zhkg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?title (BOUND(?org) AS ?has) (SAMPLE(?text) AS ?sentence) WHERE {
  ?m a org:Membership ; kg:title ?title ; prov:wasDerivedFrom/kg:text ?text .
  OPTIONAL { ?m org:organization ?org }
} GROUP BY ?m ?title ?org"""


def names_its_organization(title: str, unit_words: set[str]) -> bool:
    return title in HEAD_TITLES or any(w in title for w in unit_words)


def abroad(gazetteer, title: str, sentence: str) -> bool:
    """华盛顿市长, 喀布尔市市长: a head title right after a place the gazetteer of China
    does not hold. kg models no foreign city, so such a post has no body to point at.
    Asked only of posts without an organization: one with a body is not abroad."""
    for at in (m.start() for m in re.finditer(re.escape(title), sentence)):
        run = re.split(r"[，,。；;：:、（）()“”《》\s]", sentence[:at])[-1].rstrip("市县区镇乡省州")
        if len(run) >= 2 and run[-1] not in "和与及的" and \
                not any(gazetteer.lookup(run[-n:]) for n in range(2, min(8, len(run)) + 1)):
            return True
    return False


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("graph", type=Path)
    ap.add_argument("--top", type=int, default=20)
    args = ap.parse_args(argv)
    if not args.graph.exists():
        print(f"posts_without_org: no graph at {args.graph}", file=sys.stderr)
        return 1
    store = ox.Store()
    store.load(path=str(args.graph), format=ox.RdfFormat.TURTLE)
    # unit words of two characters or more: 党委, 党支部, 政协, 人大, 委员会; a bare 委 is 委员 too
    unit_words = {s for s, _ in load_lexicon().suffixes if len(s) >= 2} | {"区委", "县委", "市委", "省委", "镇委"}
    gazetteer = load_lexicon().gazetteer
    named, other, foreign = Counter(), Counter(), Counter()
    missing = Counter()
    for row in store.query(POSTS):
        title, has = str(row["title"].value), row["has"].value == "true"
        sentence = str(row["sentence"].value) if row["sentence"] is not None else ""
        kind = other if not names_its_organization(title, unit_words) else \
            foreign if not has and abroad(gazetteer, title, sentence) else named
        kind[has] += 1
        if kind is named and not has:
            missing[title] += 1
    for label, kind in (("titles that name their organization", named),
                        ("other titles", other)):
        total = kind[True] + kind[False]
        share = kind[False] / total if total else 0.0
        print(f"{label}: {total} posts, {kind[False]} without an organization ({share:.1%})")
    print(f"heads of places abroad, no body modelled (华盛顿市长), left out: {foreign[False]}")
    print("commonest titles without one:", ", ".join(f"{t} {n}" for t, n in missing.most_common(args.top)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
