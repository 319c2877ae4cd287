"""STUB"""
class Lexicon: pass
def load_lexicon(): return Lexicon()
