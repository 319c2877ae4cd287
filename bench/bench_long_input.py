"""Benchmark: the cost of one long page, as one line and with its line breaks, against its size.

    python bench/bench_long_input.py [--base-kb 640] [--steps 4] [--also-mb 50]
                                     [--corpus ../shared/corpora/xwlb_2021.jsonl]

Makes pages of real news text (the ``text`` of the corpus's items, in order,
each item's headline over its paragraphs; each pass over the corpus after the
first has its sentences opened by another phrase, so that no sentence repeats
and the tagger reads all of it) at 1×, 2×, 4×, 8× … of ``--base-kb`` (bytes of
UTF-8), in two forms of the same text:

- ``one line``: every line break and space taken out (issue 15: a 5 MB line
  ran for more than ten minutes),
- ``page``: headlines, blank lines and paragraphs, as a page is.

Each is built by ``kg build --no-view --no-cache --jobs 1`` in a child
process, as a user runs it (SHACL validation and Turtle included), and the
run prints seconds, peak memory, and the time ratio against the 1× page of
the same form, beside the size ratio: linear cost keeps the two alike. The
fixed cost of a build (loading the lexicons, jieba and the tagger: a build
of a one-line page) is measured in the same run and also given. ``--also-mb``
adds one-line pages of those sizes (each compared with the 1× one). Not a
test: machines are noisy.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from bench_build import kg_build

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "xwlb_2021.jsonl"
LEADS = ["", "据悉，", "同时，", "此外，", "另外，", "目前，", "记者了解到，", "据介绍，", "与此同时，", "总的来看，",
         "值得一提的是，", "近日，", "今年以来，", "下一步，", "其中，", "据统计，", "截至目前，", "会上，", "会后，", "随后，"]


def page_text(items: list[dict], size: int) -> str:
    """A page of at least ``size`` bytes: each item's headline, a blank line, its paragraphs."""
    out, total, k = [], 0, 0
    while total < size:
        item = items[k % len(items)]
        lead = LEADS[k // len(items) % len(LEADS)]
        k += 1
        text = item["text"].replace("。", "。" + lead) if lead else item["text"]
        block = item.get("title", "") + "\n\n" + "\n\n".join(p for p in text.split("\n") if p.strip()) + "\n\n\n"
        out.append(block)
        total += len(block.encode())
    return "".join(out)


def one_line(text: str) -> str:
    return "".join(text.split())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base-kb", type=int, default=640, help="size of the 1× page, in KB (default: 640)")
    ap.add_argument("--steps", type=int, default=4, help="sizes 1×, 2×, 4× … (default: 4, up to 8×)")
    ap.add_argument("--also-mb", type=float, nargs="*", default=[], help="one-line pages of these sizes too")
    ap.add_argument("--forms", default="one line,page", help="which forms (default: 'one line,page')")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"bench_long_input: no corpus at {args.corpus}", file=sys.stderr)
        return 1
    with open(args.corpus, encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    forms = [f.strip() for f in args.forms.split(",")]
    sizes = [args.base_kb * 1000 * 2 ** k for k in range(args.steps)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        def run(name: str, text: str) -> tuple[float, int, int]:
            path = folder / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
            seconds, peak = kg_build(path, folder / f"out-{name}", ["--no-cache", "--jobs", "1", "--quiet"])
            return seconds, peak, path.stat().st_size

        fixed, _, _ = run("fixed", "区委书记王海峰到东风村检查疫情防控工作。")
        print(f"kg build --no-view --no-cache --jobs 1, child processes; fixed cost (a one-line page): {fixed:.1f} s")
        print(f"{'form':9} {'size':>9} {'chars':>11} {'seconds':>8} {'peak':>8} {'size ×':>7} {'time ×':>7} "
              f"{'net of fixed ×':>15}")
        for form in forms:
            base = None
            for size in sizes + ([int(mb * 1e6) for mb in args.also_mb] if form == "one line" else []):
                text = page_text(items, size)
                text = one_line(text) if form == "one line" else text
                seconds, peak, nbytes = run(f"{form.replace(' ', '_')}-{size}", text)
                base = base or (seconds, nbytes)
                print(f"{form:9} {nbytes / 1e6:7.2f} MB {len(text):11,} {seconds:8.1f} {peak / 1e6:6.0f} MB "
                      f"{nbytes / base[1]:7.2f} {seconds / base[0]:7.2f} "
                      f"{(seconds - fixed) / max(base[0] - fixed, 1e-9):15.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
