"""Metadata sidecars: ``<raw name>.meta.yml`` beside a raw file (placeholder)."""

from __future__ import annotations

import os

import yaml


def sidecar_path(path: str) -> str:
    """``raw/x/report.txt`` -> ``raw/x/report.meta.yml``."""
    return os.path.splitext(path)[0] + ".meta.yml"


def read_sidecar(path: str, source: str) -> dict:
    """Front matter overrides from the sidecar of ``path``, ``{}`` when there is none."""
    side = sidecar_path(path)
    if not os.path.exists(side):
        return {}
    with open(side, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return data if isinstance(data, dict) else {}
