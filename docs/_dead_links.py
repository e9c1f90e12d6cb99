"""The site's own links, checked after each build: every internal href (a page, a
download, a figure, an anchor) must lead somewhere in the built site. conf.py runs it
when the build finishes, so that ``sphinx -W`` fails on a dead link as on any warning."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name" if tag == "a" else None):
            if key and attrs.get(key):
                self.ids.add(attrs[key])
        target = attrs.get("href") if tag in ("a", "link") else attrs.get("src")
        if target and tag in ("a", "link", "img", "script"):
            self.links.append(target)


def dead_links(site):
    """``(page, link, why)`` for every internal link of the built ``site`` that leads
    nowhere: no such file, or no such anchor on the page it names."""
    site = Path(site).resolve()
    pages = {}
    for path in site.rglob("*.html"):
        if "_static" in path.relative_to(site).parts:  # the theme's own templates
            continue
        page = _Page()
        page.feed(path.read_text(encoding="utf-8", errors="replace"))
        pages[path] = page
    dead = []
    for path, page in pages.items():
        for link in page.links:
            if re.match(r"^[a-zA-Z][a-zA-Z+.-]*:", link) or link.startswith("//"):
                continue  # another site, mailto:, data:
            target, anchor = urldefrag(link)
            target = urlsplit(target).path
            resolved = (path.parent / unquote(target)).resolve() if target else path
            if target and not resolved.exists():
                dead.append((path.relative_to(site).as_posix(), link, "no such file"))
            elif anchor and resolved.suffix == ".html" and unquote(anchor) not in (
                    pages[resolved].ids if resolved in pages else set()):
                dead.append((path.relative_to(site).as_posix(), link, "no such anchor"))
    return dead


def check_after_build(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    for page, link, why in dead_links(app.outdir):
        logger.warning(f"dead link in {page}: {link} ({why})")
