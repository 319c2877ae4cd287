"""STUB"""
from .model import Facts
def extract_facts(article, lexicon): return Facts(article)
