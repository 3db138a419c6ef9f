"""``baocao bundle``: build the offline site and pack it into ``dist/*.zip`` (see :mod:`converters.site.bundle`)."""

from __future__ import annotations

import datetime as _dt
import os
import sys
import tempfile

from converters.lexicon.slugs import slugify
from converters.site.bundle import build_offline_site, external_references, pack, site_name

COMMAND_DESCRIPTION = (
    "Dựng bản ngoại tuyến của trang web và đóng gói thành một tệp zip\n"
    "(mặc định trong dist/)."
)
COMMAND_EPILOG = (
    "ví dụ:\n"
    "  baocao bundle                     # dist/<tên-trang>-offline-<hôm-nay>.zip\n"
    "  baocao bundle -o /media/usb --date 2024-01-31\n"
    "sau đó: giải nén, mở <thư-mục>/index.html bằng trình duyệt\n"
    "        (không cần máy chủ, không cần mạng)"
)


def add_arguments(parser) -> None:
    """Arguments of ``baocao bundle``."""
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="TỆP",
                        help="tệp cấu hình MkDocs (mặc định: mkdocs.yml)")
    parser.add_argument("-o", "--out-dir", default="dist", metavar="THƯ_MỤC",
                        help="nơi ghi tệp zip (mặc định: dist/)")
    parser.add_argument("--date", metavar="NĂM-THÁNG-NGÀY",
                        help="ngày ghi trong tên tệp, dạng YYYY-MM-DD (mặc định: hôm nay)")
    parser.add_argument("--keep-site", metavar="THƯ_MỤC",
                        help="giữ lại bản ngoại tuyến đã dựng trong THƯ_MỤC (để xem lại)")


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
