"""The converter's pipeline steps, one module per step, named as ``pipeline.steps()`` names them.

Each module exposes ``step(state: DocState) -> None``.  Steps import ``model``,
``lexicon`` and ``inline``; never ``site`` or ``cli`` (``tests/test_architecture.py``).
"""
