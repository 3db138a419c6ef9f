"""Reading raw files: bytes in, one decoded text out (``decode``; its tables in ``data/``).

The first stage of the flow (see ``docs/dev/architecture.md``).  Imports only
``converters.errors``, ``converters.lexicon`` and the standard library / third-party readers.
"""
