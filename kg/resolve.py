"""STUB"""
def resolve_entities(facts, lexicon): return []
