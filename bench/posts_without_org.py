"""Check: the share of posts whose title names their organization but which have none.

    python bench/posts_without_org.py out/kg.ttl [--top 20]

A title names its organization when it holds a unit word (县委书记, 村党支部书记,
政协主席, 党组成员) or heads a level's government (县长, 副省长): for such a post
the text always says which body, so a membership without ``org:organization``
is a miss. Titles that name none (总统, 主席, 委员, 发言人) are counted apart:
there the text may not say. Prints both shares and the commonest titles of the
misses. Not a test: a figure for the posts issue (target under 5 %).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from kg.facts import HEAD_TITLES
from kg.lexicon import load_lexicon

POSTS = """
PREFIX kg: <https://w3id.org/zhkg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?title (BOUND(?org) AS ?has) WHERE {
  ?m a org:Membership ; kg:title ?title .
  OPTIONAL { ?m org:organization ?org }
}"""


def names_its_organization(title: str, unit_words: set[str]) -> bool:
    return title in HEAD_TITLES or any(w in title for w in unit_words)


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
    named, other = Counter(), Counter()
    missing = Counter()
    for row in store.query(POSTS):
        title, has = str(row["title"].value), row["has"].value == "true"
        kind = named if names_its_organization(title, unit_words) else other
        kind[has] += 1
        if kind is named and not has:
            missing[title] += 1
    for label, kind in (("titles that name their organization", named), ("other titles", other)):
        total = kind[True] + kind[False]
        share = kind[False] / total if total else 0.0
        print(f"{label}: {total} posts, {kind[False]} without an organization ({share:.1%})")
    print("commonest titles without one:", ", ".join(f"{t} {n}" for t, n in missing.most_common(args.top)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
