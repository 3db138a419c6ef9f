"""``python -m converters``: the ``baocao`` command (see :mod:`converters.cli.main`)."""

from __future__ import annotations

import sys

from converters.cli.main import COMMANDS, main

__all__ = ["COMMANDS", "main"]

if __name__ == "__main__":
    sys.exit(main())
