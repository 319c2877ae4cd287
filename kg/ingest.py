"""STUB — replaced by the ingest work (issue 2)."""
from pathlib import Path

from .model import Article, Document


def read_inputs(paths, keep_going=False, warn=None):
    docs = []
    for p in paths:
        p = Path(p)
        files = sorted(p.rglob("*.txt")) if p.is_dir() else [p]
        for f in files:
            docs.append(Document(name=f.name, text=f.read_text(encoding="utf-8"), path=str(f)))
    return docs


def split_articles(doc):
    return [Article(doc=doc, index=0, start=0, end=len(doc.text))]
