"""MkDocs hook used only by ``bench.py``: runs the project's hooks and times each of their events.

``bench.py`` writes a config ``INHERIT``-ing ``mkdocs.yml`` whose ``hooks:``
is this file alone, and passes the real hook paths in ``BENCH_HOOKS``
(``os.pathsep``-separated, relative to the config file).  Every ``on_*``
function of those hooks is wrapped; the seconds spent per event are summed
and written as JSON to ``BENCH_HOOK_TIMES`` when the process exits.
"""

from __future__ import annotations

import atexit
import importlib.util
import json
import os
import sys
import time

_times: dict[str, float] = {}
_hooks = []
_base = os.environ.get("BENCH_HOOKS_BASE", os.getcwd())
for i, rel in enumerate(p for p in os.environ.get("BENCH_HOOKS", "").split(os.pathsep) if p):
    path = os.path.join(_base, rel)
    name = f"bench_inner_hook_{i}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    _hooks.append(module)

_events = sorted({n for m in _hooks for n in dir(m) if n.startswith("on_") and callable(getattr(m, n))})


def _wrap(event: str):
    inner = [getattr(m, event) for m in _hooks if callable(getattr(m, event, None))]

    def handler(*args, **kwargs):
        t0 = time.perf_counter()
        result = None
        for fn in inner:
            out = fn(*args, **kwargs)
            if out is not None:
                result = out
                if args:  # events that return a modified first argument chain it
                    args = (out,) + args[1:]
                elif kwargs:
                    first = next(iter(kwargs))
                    kwargs[first] = out
        _times[event] = _times.get(event, 0.0) + time.perf_counter() - t0
        return result

    handler.__name__ = event
    return handler


for _event in _events:
    globals()[_event] = _wrap(_event)


@atexit.register
def _dump() -> None:
    out = os.environ.get("BENCH_HOOK_TIMES")
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            json.dump(_times, fh)
