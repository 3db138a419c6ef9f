"""``baocao bundle``: build the offline site and pack it into ``dist/*.zip`` (see :mod:`converters.site.bundle`)."""

from __future__ import annotations

import datetime as _dt
import os
import sys
import tempfile

from converters.lexicon.slugs import slugify
from converters.site.bundle import build_offline_site, external_references, pack, site_name

COMMAND_EPILOG = (
    "examples:\n"
    "  baocao bundle                     # dist/<site>-offline-<today>.zip\n"
    "  baocao bundle -o /media/usb --date 2024-01-31\n"
    "then: unzip, open <folder>/index.html in a browser (no server, no internet needed)"
)


def add_arguments(parser) -> None:
    """Arguments of ``baocao bundle``."""
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="MkDocs configuration (default: mkdocs.yml)")
    parser.add_argument("-o", "--out-dir", default="dist", help="where the zip goes (default: dist/)")
    parser.add_argument("--date", help="date in the file name, YYYY-MM-DD (default: today)")
    parser.add_argument("--keep-site", metavar="DIR", help="also leave the built offline site in DIR (for inspection)")


def run(args) -> int:
    """Build, check and pack; exit code 0, or 1 with one message."""
    config_file = os.path.abspath(args.config_file)
    try:
        name = slugify(site_name(config_file)) or "site"
        date = args.date or _dt.date.today().isoformat()
        _dt.date.fromisoformat(date)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    folder = f"{name}-offline-{date}"
    zip_path = os.path.join(args.out_dir, folder + ".zip")
    with tempfile.TemporaryDirectory(prefix="baocao-bundle-") as tmp:
        site_dir = os.path.abspath(args.keep_site) if args.keep_site else os.path.join(tmp, "site")
        try:
            build_offline_site(config_file, site_dir)
        except RuntimeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        if not os.path.isfile(os.path.join(site_dir, "assets", "search", "index", "manifest.js")):
            print("error: the build wrote no search index (is the baocao hook in mkdocs.yml?)", file=sys.stderr)
            return 1
        external = external_references(site_dir)
        if external:
            print("error: the offline site would load resources from the internet:", file=sys.stderr)
            for line in external[:20]:
                print(f"  {line}", file=sys.stderr)
            return 1
        count = pack(site_dir, zip_path, folder)
    size = os.path.getsize(zip_path)
    print(f"{zip_path}: {count} files, {size / 1e6:.1f} MB; unzip and open {folder}/index.html")
    return 0
