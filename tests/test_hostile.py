"""Hostile content is inert (issue [4/6] §3): the injection corpus, in the page and in the built site.

The corpus (``tests/hostile_corpus.py``) puts OWASP XSS vectors and
Markdown/MkDocs-specific ones in a raw report's header, headings, body,
footnotes, signature and recipients.  Checked twice:

- the page Markdown, rendered with the site's own Markdown extensions
  (fast, no build): only the tags our renderer makes, no handler, no
  dangerous URL, every vector's text visible;
- the site built by ``mkdocs build`` from the samples + the hostile report
  (+ broken files, see ``test_robustness.py``), read with Beautiful Soup:
  no script the theme did not put on a sample page, no ``on*`` attribute,
  no ``javascript:``/``data:`` URL, no embedded content in the article,
  the vectors' text visible, nothing of ``/etc/passwd`` included.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from converters import convert
from converters.frontmatter import split_front_matter

from .hostile_corpus import FORBIDDEN_TEXT, HOSTILE_NAME, PLACED, REPO, SAMPLES, VECTORS, hostile_report, mixed_build, visible_forms

SCHEMA = json.loads(resources.files("converters.schema").joinpath("page.schema.json").read_text("utf-8"))

#: URL-carrying attributes (HTML and SVG/MathML).
URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "srcset", "cite"}
#: A URL scheme that runs code or embeds content, as browsers read it (controls and spaces ignored).
DANGEROUS_URL = re.compile(r"^(javascript|data|vbscript):", re.I)
#: Elements that never belong in a report's article.
EMBEDDED = "script, iframe, object, embed, style, form, input, base, meta, link, frame, frameset, applet, svg, math, details, template"


def squash(text: str) -> str:
    """Whitespace collapsed (the converter joins lines; HTML text keeps the spaces)."""
    return re.sub(r"\s+", " ", text).strip()


def dangerous_url(value: str) -> bool:
    """True for ``javascript:``/``data:``/``vbscript:`` URLs, also with tabs, newlines or NULs inside."""
    return bool(DANGEROUS_URL.match(re.sub(r"[\x00-\x20]", "", str(value))))


def markdown_html(body: str) -> str:
    """The page body rendered with the extensions of ``mkdocs.yml`` (same parser the site uses)."""
    from converters.lexicon.slugs import markdown_slugify

    md = markdown.Markdown(
        extensions=["abbr", "admonition", "attr_list", "footnotes", "tables", "toc", "pymdownx.tabbed", "pymdownx.superfences"],
        extension_configs={"toc": {"permalink": True, "slugify": markdown_slugify}},
    )
    return md.convert(body)


@pytest.fixture(scope="module")
def page():
    return convert(hostile_report(), "raw/" + HOSTILE_NAME)


# ------------------------------------------------------------- page Markdown


def test_front_matter_is_data_only(page):
    meta, body = split_front_matter(page.markdown)
    assert meta == yaml.safe_load(page.markdown.split("---\n")[1])
    # The injected "---\ntitle: x\ntemplate: evil.html\n---" fence must not add keys.
    assert "template" not in meta and meta["title"] != "x"
    assert set(meta) <= set(SCHEMA["properties"]), set(meta) - set(SCHEMA["properties"])
    # The hostile values are kept as the text they are (the templates escape them).
    assert PLACED["subject"] in meta["title"]
    assert any("<script>alert('issuer')</script>" in i for i in meta["issuers"])
    assert any("alert('signer-title')" in (s.get("title") or "") for s in meta["signers"])


def test_body_markdown_has_no_raw_html_or_live_markup(page):
    _, body = split_front_matter(page.markdown)
    assert "<" not in body  # every < of the source is &lt;
    for line in body.splitlines():
        assert not re.match(r"\s*(---|\+\+\+|--8<--|;--8<--|!!!|\?\?\?|===|```|~~~|\[TOC\]|\|)", line), line
    # Attribute lists: only the renderer's own (signature class, paragraph anchors).
    for attrs in re.findall(r"(?<!\\)\{[:#][^}]*\}", body):
        assert re.fullmatch(r"\{: \.chu-ky \}|\{:? ?#[a-z0-9-]+ ?\}", attrs), attrs
    assert not re.search(r"(?<!\\)\]\((?!\.\.?/|#)", body), "a link target that is not a relative page"
    assert not re.search(r"(?<!\\)\{[{%]", body)  # Jinja-like markers stay escaped


def test_rendered_body_has_only_renderer_markup(page):
    _, body = split_front_matter(page.markdown)
    soup = BeautifulSoup(markdown_html(body), "html.parser")
    allowed = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "a", "em", "strong", "ul", "ol", "li", "sup", "div", "hr", "br", "abbr"}
    assert {el.name for el in soup.find_all(True)} <= allowed
    for el in soup.find_all(True):
        assert not [a for a in el.attrs if a.lower().startswith("on")], el
        for attr in URL_ATTRS & set(el.attrs):
            assert not dangerous_url(el[attr]), el
    # Links are footnote references, back references and heading permalinks only.
    assert all(a["href"].startswith("#") for a in soup.find_all("a"))
    text = squash(soup.get_text(" "))
    in_body = [v for k, v in PLACED.items() if k not in ("issuer", "signer-title")]  # those are front matter
    for vector in VECTORS + in_body:
        for form in visible_forms(vector):
            assert form.casefold() in text.casefold(), form


def test_no_snippet_is_included_and_no_bidi_override(page):
    _, body = split_front_matter(page.markdown)
    assert not any(t in page.markdown for t in FORBIDDEN_TEXT)
    assert '--8&lt;-- "/etc/passwd"' in body  # shown, not run
    # Bidi controls would show the text reversed (a "TU" that reads "UT"); the text stays.
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", page.markdown)
    assert "TU-xss-bidi" in body


# ---------------------------------------------------------------- built site


@pytest.fixture(scope="module")
def built():
    b = mixed_build()
    assert b.returncode == 0, b.log[-3000:]
    return b


def html_files(built) -> list[Path]:
    return sorted(built.site.rglob("*.html"))


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def report_html(built, source: str) -> Path:
    """The built HTML page of raw file ``source`` (found through the generated front matter)."""
    for md in (built.docs / "bao-cao").rglob("*.md"):
        meta, _ = split_front_matter(md.read_text("utf-8"))
        if meta.get("source") == source:
            return built.site / md.relative_to(built.docs).with_suffix("") / "index.html"
    raise AssertionError(f"no page for {source}")


def script_signature(script) -> str:
    """A theme script: its file name, or its inline code with relative paths blanked."""
    if script.get("src"):
        return "src:" + script["src"].rsplit("/", 1)[-1]
    code = re.sub(r"(\.\./)+", "", squash(script.get_text()))  # page depth
    code = re.sub(r"([\"'])/", r"\1", code)  # 404.html uses site-absolute paths
    return "inline:" + re.sub(r"[\"'][./]*[\"']", "''", code)


@pytest.fixture(scope="module")
def theme_scripts(built) -> set[str]:
    """Scripts on the pages built from the samples (what the theme and our assets put there)."""
    found = set()
    for sample in SAMPLES:
        soup = soup_of(report_html(built, sample.relative_to(REPO).as_posix()))
        found |= {script_signature(s) for s in soup.find_all("script")}
    assert any(s.startswith("src:") for s in found)
    return found


@pytest.fixture(scope="module")
def hostile_soup(built) -> BeautifulSoup:
    return soup_of(report_html(built, "raw/" + HOSTILE_NAME))


def test_no_script_the_theme_did_not_put_there(built, theme_scripts):
    for path in html_files(built):
        extra = {script_signature(s) for s in soup_of(path).find_all("script")} - theme_scripts
        assert not extra, (path, extra)


def test_no_event_handler_attribute_anywhere(built):
    for path in html_files(built):
        for el in soup_of(path).find_all(True):
            handlers = [a for a in el.attrs if a.lower().startswith("on")]
            assert not handlers, (path, str(el)[:200])


def test_no_javascript_or_data_url(built, theme_scripts):
    sample = soup_of(report_html(built, SAMPLES[0].relative_to(REPO).as_posix()))
    # What the theme itself writes (the search form's action="javascript:void(0)").
    allowed = {(el.name, a, el[a]) for el in sample.find_all(True) for a in URL_ATTRS & set(el.attrs) if dangerous_url(el[a])}
    for path in html_files(built):
        for el in soup_of(path).find_all(True):
            for attr in URL_ATTRS & set(el.attrs):
                if dangerous_url(el[attr]):
                    assert (el.name, attr, el[attr]) in allowed, (path, str(el)[:200])


def test_no_embedded_content_in_report_articles(built):
    for md in (built.docs / "bao-cao").rglob("*.md"):
        path = built.site / md.relative_to(built.docs).with_suffix("") / "index.html"
        article = soup_of(path).select_one("article")
        assert article is not None, path
        assert not article.select(EMBEDDED), (path, [str(e)[:100] for e in article.select(EMBEDDED)])


def test_every_vector_is_visible_as_text(hostile_soup):
    content = hostile_soup.select_one(".md-content")  # the article and the metadata panel
    text = squash(content.get_text(" "))
    for vector in VECTORS + list(PLACED.values()):
        for form in visible_forms(vector):
            # The casing step writes the capitalised header vectors in sentence case.
            assert form.casefold() in text.casefold(), form


def test_hostile_metadata_is_text_in_panel_title_and_header(hostile_soup):
    assert squash(hostile_soup.select_one("article h1").get_text(" ")).endswith(PLACED["subject"] + " ¶")
    panel = squash(hostile_soup.select_one(".baocao-meta").get_text(" "))
    assert "<script>alert('issuer')</script>" in panel
    assert "<script>alert('signer-title')</script>".casefold() in panel.casefold()
    assert PLACED["subject"] in hostile_soup.title.get_text()
    header = squash(hostile_soup.select_one("[data-md-component=header-topic]").get_text(" "))
    assert PLACED["subject"] in header


def test_headings_footnotes_recipients_keep_the_vectors_as_text(hostile_soup):
    article = hostile_soup.select_one("article")
    headings = " ".join(squash(h.get_text(" ")) for h in article.select("h2, h3"))
    for key in ("heading-1", "heading-attr", "heading-2", "heading-3"):
        assert PLACED[key] in headings, key
    footnotes = squash(article.select_one("div.footnote").get_text(" "))
    assert squash(PLACED["footnote"]) in footnotes
    items = " ".join(squash(li.get_text(" ")) for li in article.select("li"))
    assert PLACED["recipient"] in items and PLACED["recipient-link"] in items


def test_nothing_of_the_build_machine_is_included(built):
    passwd = Path("/etc/passwd").read_text("utf-8", errors="replace").splitlines()
    needles = set(FORBIDDEN_TEXT) | {line for line in passwd[:3] if len(line) > 10}
    for path in list(built.site.rglob("*.html")) + list(built.site.rglob("*.json")) + list(built.docs.rglob("*.md")):
        text = path.read_text("utf-8", errors="replace")
        assert not [n for n in needles if n in text], path
        assert "\u202e" not in text, path


def test_jinja_in_the_source_is_not_evaluated(hostile_soup):
    text = hostile_soup.select_one("article").get_text(" ")
    assert "{{ config }}" in text and "{% include 'base.html' %}" in text
    assert "site_name" not in text  # what {{ config }} would print


# ------------------------------------------------- sidecars and file names (issue [0/6] 1-3)


def _site_page(built, rel: str) -> BeautifulSoup:
    return soup_of(built.site / rel / "index.html")


def sidecar_pages(built) -> dict[str, Path]:
    """Every built page that shows a value of the hostile sidecar: ``{what: html path}``."""
    from .hostile_corpus import SIDECAR_NAME

    report = report_html(built, "raw/" + SIDECAR_NAME)
    pages = {"report": report, "home": built.site / "index.html", "all": built.site / "duyet" / "index.html"}
    for facet in ("tinh", "loai", "co-quan", "nam"):
        for path in sorted((built.site / "duyet" / facet).glob("*/index.html")):
            if "sc-" in path.parent.name or (facet == "nam" and path.parent.name == "2019"):
                pages[f"{facet}/{path.parent.name}"] = path
    return pages


def test_sidecar_values_are_text_on_every_page_that_shows_them(built):
    from .hostile_corpus import SIDECAR_VALUES

    pages = sidecar_pages(built)
    assert {"report", "home", "all", "nam/2019"} <= set(pages) and any(k.startswith("tinh/") for k in pages)
    assert any(k.startswith("loai/") for k in pages) and any(k.startswith("co-quan/") for k in pages)
    for what, path in pages.items():
        content = soup_of(path).select_one(".md-content")
        assert not content.select(EMBEDDED + ", img, svg:not(.md-icon svg), b, i"), (what, path)
        text = squash(content.get_text(" "))
        for key in ("title", "number"):
            assert squash(SIDECAR_VALUES[key]) in text, (what, key)
        assert "09/09/2019" in text or "ngày 9 tháng 9 năm 2019" in text, what
    report = squash(soup_of(pages["report"]).select_one(".md-content").get_text(" "))
    for key in ("doc_type", "place", "province"):
        assert SIDECAR_VALUES[key] in report, key
    for key in ("issuers", "recipients", "addressees"):
        if key == "addressees" and "Kính gửi" not in report:
            continue  # the page shows addressees only where the layout writes them
        assert SIDECAR_VALUES[key][0] in report, key
    assert SIDECAR_VALUES["signers"][0]["name"] in report
    assert SIDECAR_VALUES["received"]["office"] in report


def test_refused_sidecars_fail_their_file_by_name_and_key(built):
    from .hostile_corpus import REFUSED_SIDECARS

    editors = squash(_site_page(built, "bien-tap").select_one("article").get_text(" "))
    pages = report_pages_of(built)
    for name, text in REFUSED_SIDECARS.items():
        assert "raw/" + name not in pages, name
        key = text.split(":", 1)[0]
        assert f"raw/{name[:-4]}.meta.yml" in editors and f"«{key}»" in editors, name
    # The redirect template is not taken: no page of the site refreshes or redirects.
    for path in html_files(built):
        assert not soup_of(path).select('meta[http-equiv="refresh"]'), path


def report_pages_of(built) -> set[str]:
    out = set()
    for md in (built.docs / "bao-cao").rglob("*.md"):
        meta, _ = split_front_matter(md.read_text("utf-8"))
        out.add(meta.get("source"))
    return out


def test_hostile_file_names_are_text_on_the_editors_page(built):
    from .hostile_corpus import HOSTILE_FILES

    # the index (counts, files that failed) and one page per province (reports with warnings)
    pages = [built.site / "bien-tap" / "index.html", *sorted((built.site / "bien-tap").glob("*/index.html"))]
    assert len(pages) > 1
    text, codes = "", set()
    for page in pages:
        article = soup_of(page).select_one("article")
        assert not article.select(EMBEDDED + ", img, svg, b"), page
        text += " " + squash(article.get_text(" "))
        codes |= {squash(c.get_text()) for c in article.select("code")}
    for name in HOSTILE_FILES:
        assert f"raw/{name}" in text, name
        assert f"raw/{name}" in codes or f"baocao check raw/{name}" in codes, name


def test_hostile_file_name_in_markdown_is_escaped():
    """The editors' page Markdown alone, rendered with the site's extensions: the name stays text."""
    from converters.site.editors import editors_page
    from converters.site.generate import DocResult

    name = "raw/f`<img src=x onerror=\"alert('x')\">`.txt"
    docs = [DocResult(name, error=f"{name}: file is empty"),
            DocResult("raw/a/`x`<b>.txt", path="bao-cao/a/x.md", warnings=["chú thích 3 có dấu trong bài nhưng không có nội dung"])]
    pages = editors_page(docs)
    assert set(pages) == {"bien-tap.md", "bien-tap/a.md"}  # the index with the error, the province page
    text = ""
    for md in pages.values():
        html = markdown.markdown(md.split("---\n", 2)[2],
                                 extensions=["abbr", "admonition", "attr_list", "footnotes", "tables", "toc"])
        soup = BeautifulSoup(html, "html.parser")
        assert not soup.select("img, b, script")
        text += soup.get_text()
    assert name in text and "raw/a/`x`<b>.txt" in text


def test_reports_table_escapes_every_cell_even_an_invalid_date():
    """Defence in depth: a date that bypassed the schema (an old cached page) is still text."""
    from converters.site.catalog import ReportEntry
    from converters.site.pages import reports_table

    meta = {"date": '<img src=x onerror="alert(2)">', "doc_type": "<b>x</b>", "number": "|", "title": "t"}
    md = reports_table([ReportEntry("raw/a.txt", "bao-cao/a.md", meta, None, [])], "index.md")
    soup = BeautifulSoup(markdown.markdown(md, extensions=["tables"]), "html.parser")
    assert not soup.select("img, b")
    assert '<img src=x onerror="alert(2)">' in soup.get_text()
