"""Regenerate docs/assets/search/material-search.css from the installed Material theme.

Usage: python benchmarks/extract_search_css.py > docs/assets/search/material-search.css
(then put the header comment back). Needs tinycss2 (pip install tinycss2): a
developer tool, not a dependency of the site.
"""
import glob, os, sys
import re

import material
import tinycss2
css = glob.glob(os.path.join(os.path.dirname(material.__file__), "templates/assets/stylesheets/main.*.min.css"))[0]
src = open(css, encoding="utf-8").read()
rules = tinycss2.parse_stylesheet(src, skip_comments=True, skip_whitespace=True)
KEEP = re.compile(r"md-search")
out = []
def handle(rule_list, wrap=None):
    res = []
    for r in rule_list:
        if r.type == "qualified-rule":
            prelude = tinycss2.serialize(r.prelude).strip()
            sels = [s.strip() for s in prelude.split(",")]
            keep = [s for s in sels if KEEP.search(s)]
            if keep:
                res.append(",".join(keep) + "{" + tinycss2.serialize(r.content).strip() + "}")
        elif r.type == "at-rule" and r.lower_at_keyword in ("media", "supports") and r.content:
            inner = handle(tinycss2.parse_rule_list(r.content, skip_comments=True, skip_whitespace=True))
            if inner:
                res.append("@" + r.at_keyword + " " + tinycss2.serialize(r.prelude).strip() + "{" + "".join(inner) + "}")
        elif r.type == "at-rule" and r.lower_at_keyword == "keyframes":
            pass
    return res
out = handle(rules)
print("\n".join(out))
