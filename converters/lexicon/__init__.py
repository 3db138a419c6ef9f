"""What the genre knows: document symbols, provinces, dates, casing, syllables, shared
patterns, citation identity and the one slugify.  Data files are in ``data/``.

Lexicon modules import only each other, ``errors`` and ``model``-free libraries:
no step, renderer, site stage or command.
"""
