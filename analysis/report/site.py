"""What the site says about its builds: interface words, index pages, data and code versions."""
from __future__ import annotations

import hashlib
import html
import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.i18n import _, n_
from analysis.paths import ROOT
from analysis.report.notebook import LANGS
from analysis.report.textpass import finish

VIEWS = ("analyst", "teaching")
DIRECTION = {"en": "ltr", "ar": "rtl"}
LANGUAGE_NAMES = {"en": "English", "ar": "العربية"}  # each in its own language (the link to the other one)


def words(lang: str) -> dict[str, str]:
    """The site's own words in ``lang`` (Arabic from analysis/locale/ar/LC_MESSAGES/site.po)."""
    return {
        "site": _("Morocco–US security cooperation, event by event", lang),
        "reports": _("Reports", lang),
        "all": _("All reports", lang),
        "index": _("Reports in English", lang),
        "report": _("Report", lang),
        "question": _("Question", lang),
        "views": _("Views", lang),
        "analyst": _("Analyst view", lang),
        "teaching": _("Teaching view (with code)", lang),
        "built": _("Built", lang),
        "data": _("Data version", lang),
        "code": _("Code version", lang),
        "failed": _("FAILED", lang),
        "none": _("none", lang),
        "previous": _("Previous report", lang),
        "next": _("Next report", lang),
        "figures": _("Figures", lang),
        "article": _("The article, annotated", lang),
        "guide": _("Teacher's guide", lang),
        "codebook": _("Codebook", lang),
        "sources": _("Sources and data", lang),
        "cite": _("How to cite", lang),
        "licence": _("Licence", lang),
        "updated": _("Updated", lang),
        "list": _("The reports", lang),
        "solution": _("Solution", lang),
        "caveat": _("These reports chart what one article says (Al-Araby Al-Jadeed, 8 May 2022), not what "
                    "happened; notebook 05 sets its claims against the public record.", lang),
        "nav": _("Site navigation", lang),
    }


@dataclass
class Entry:
    """One rendered report, as listed in the indexes."""

    name: str
    title: str
    question: str
    failed: str | None = None


@dataclass
class LangBuild:
    """What the index says about one language's build."""

    lang: str
    built: str
    data_version: str
    code_version: str | None
    reports: list[Entry] = field(default_factory=list)
    claims: str = ""  # how the article's checked claims fare against the public record, in one sentence


@dataclass(frozen=True)
class Stamp:
    """What every page says about its build: when the content was last updated (the commit's date, or
    ``SOURCE_DATE_EPOCH``: two builds of one commit give the same bytes), the data and code versions, and
    the article the whole site rests on, as far as the data package records it."""

    updated: str  # YYYY-MM-DD
    data_version: str
    code_version: str | None
    article: tuple[tuple[str, str], ...] = ()  # (field, value) of the article's row of sources.csv

    def field(self, name: str) -> str:
        return dict(self.article).get(name, "")


ARTICLE_FIELDS = ("title", "title_ar", "title_en", "publisher", "publisher_ar", "published", "url", "byline", "author")


def make_stamp(data: Any, data_dir: Path, epoch: str) -> Stamp:
    """The stamp of a build from the loaded package (``analysis.load.EventData``), its folder and the
    build's ``SOURCE_DATE_EPOCH``."""
    from datetime import datetime, timezone

    try:
        updated = datetime.fromtimestamp(int(epoch), timezone.utc).date().isoformat()
    except (TypeError, ValueError, OverflowError, OSError):
        updated = datetime.now(timezone.utc).date().isoformat()
    article: tuple[tuple[str, str], ...] = ()
    if data is not None:
        rows = data.sources[data.sources["role"] == "article"]
        if len(rows):
            row = rows.iloc[0]
            values = {f: row[f] for f in ARTICLE_FIELDS if f in row.index}
            if "published_text" in row.index:  # the loaders parse `published`; the text keeps its precision
                values["published"] = row["published_text"]
            article = tuple((f, v.strip()) for f, v in values.items() if isinstance(v, str) and v.strip())
    return Stamp(updated, data_version(data_dir), code_version(), article)


def web_link(url: str) -> str:
    """An address shown whole: a link when it is http or https, plain text otherwise (never a
    ``javascript:`` or ``file:`` link); a line may break after its slashes and separators, never in a word."""
    chunks = re.split(r"(?<=[/?&=#_.])(?=.)", url)
    shown = "<wbr>".join(html.escape(c) for c in chunks)
    if re.fullmatch(r"https?://\S+", url, re.I):
        return f'<a class="report-url" dir="ltr" lang="zxx" href="{html.escape(url, quote=True)}" rel="noopener">{shown}</a>'
    return f'<span class="report-url" dir="ltr" lang="zxx">{shown}</span>'


def article_line(stamp: Stamp, lang: str) -> str:
    """The article the site rests on: title, outlet, date, byline and address, as far as the data holds them."""
    from analysis.findings import readable_date

    title_ar = stamp.field("title_ar") or stamp.field("title")
    title_en = stamp.field("title_en")
    title = f"«{title_ar}»" if lang == "ar" or not title_en else f"«{title_ar}» (“{title_en}”)"
    outlet = stamp.field("publisher_ar" if lang == "ar" else "publisher") or stamp.field("publisher")
    published = stamp.field("published")
    date = readable_date(published, {10: "day", 7: "month", 4: "year"}.get(len(published), "unknown"), lang) or published
    byline = stamp.field("byline") or stamp.field("author")
    by = (html.escape(_("by {name}", lang, name=byline)) if byline
          else html.escape(_("the copy held names no author", lang)))
    url = stamp.field("url")
    address = web_link(url) if url else html.escape(_("the data package records no web address for it", lang))
    return html.escape(_("The article: {title}, {outlet}, {date}; {byline}; {address}.", lang)).format(
        title=html.escape(title), outlet=html.escape(outlet), date=html.escape(date), byline=by, address=address)


def footer_html(lang: str, stamp: Stamp | None, prefix: str) -> str:
    """The foot of every page: the article, when the content was last updated, the versions, and the links
    to the sources and data, how to cite, the licence, the codebook and the teacher's guide. ``prefix`` leads
    from the page to its language's folder."""
    if stamp is None:
        return ""
    from analysis.findings import readable_date

    w = words(lang)
    p = html.escape(prefix)
    updated = html.escape(stamp.updated)
    when = html.escape(readable_date(stamp.updated, "day", lang))
    links = " · ".join([f'<a href="{p}sources.html">{html.escape(w["sources"])}</a>',
                        f'<a href="{p}sources.html#cite">{html.escape(w["cite"])}</a>',
                        f'<a href="{p}sources.html#licence">{html.escape(w["licence"])}</a>',
                        f'<a href="{p}codebook.html">{html.escape(w["codebook"])}</a>',
                        f'<a href="{p}teaching-guide.html">{html.escape(w["guide"])}</a>'])
    versions = (f'{html.escape(w["updated"])}: <time datetime="{updated}">{when}</time> · '
                f'{html.escape(w["data"])}: <code dir="ltr">{html.escape(stamp.data_version)}</code> · '
                f'{html.escape(w["code"])}: <code dir="ltr">{html.escape(stamp.code_version or w["none"])}</code>')
    source = f'<p class="report-source">{article_line(stamp, lang)}</p>\n' if stamp.article else ""
    return (f'<footer class="report-footer" lang="{lang}" dir="{DIRECTION[lang]}">\n{source}'
            f'<p class="report-updated">{versions}</p>\n<p class="report-footer-links">{links}</p>\n</footer>\n')


def site_links(lang: str, prefix: str) -> list[str]:
    """The links every navigation bar ends with: figures, article, sources and data, codebook, guide."""
    w = words(lang)
    p = html.escape(prefix)
    return [f'<a href="{p}figures/index.html">{html.escape(w["figures"])}</a>',
            f'<a href="{p}article.html">{html.escape(w["article"])}</a>',
            f'<a href="{p}sources.html">{html.escape(w["sources"])}</a>',
            f'<a href="{p}codebook.html">{html.escape(w["codebook"])}</a>',
            f'<a href="{p}teaching-guide.html">{html.escape(w["guide"])}</a>']


def safe_json(value: Any) -> str:
    """JSON that can sit inside an HTML <script>: ``<``, ``>``, ``&`` become \\u escapes.

    They only occur inside JSON strings, where the escapes mean the same characters, so no
    ``</script>`` or ``<!--`` can close or change the script element.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


# ---------------------------------------------------------------------------- versions


def git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def code_version() -> str | None:
    """Short commit hash, with ``-dirty`` when tracked files differ from it."""
    head = git("rev-parse", "--short", "HEAD")
    if head and git("status", "--porcelain", "--untracked-files=no"):
        head += "-dirty"
    return head


def data_files(data_dir: Path) -> list[Path]:
    """Every file of the data package, whatever its name (the raw text, new tables, a resource stored as a
    dot-file: ``.events.csv`` is as much the data's as ``events.csv``), sorted."""
    files = data_dir.rglob("*") if data_dir.is_dir() else []
    return sorted(p for p in files if p.is_file())


def tree_digest(root: Path, files: list[Path]) -> str:
    """sha256 over (relative path, sha256 of content) of the files, in the order given."""
    digest = hashlib.sha256()
    for path in files:
        content = hashlib.sha256(path.read_bytes()).hexdigest()
        digest.update(f"{path.relative_to(root).as_posix()}\0{content}\n".encode())
    return digest.hexdigest()


def data_version(data_dir: Path) -> str:
    """Short digest of every file of the data package (see ``data_files``); ``none`` for no files."""
    files = data_files(data_dir)
    return tree_digest(data_dir, files)[:12] if files else "none"


# ---------------------------------------------------------------------------- indexes


def about_html(lang: str, facts: dict[str, int] | None = None) -> str:
    """What the project is, the two views, where the data comes from: the indexes' opening."""
    w = words(lang)
    counts = ""
    if facts:
        counts = " " + _("The table holds {events} told in {mentions} of the article; {sources} of the public record "
                         "check its claims.", lang,
                         events=n_("{n} event", "{n} events", facts["events"], lang),
                         mentions=n_("{n} passage", "{n} passages", facts["mentions"], lang),
                         sources=n_("{n} source", "{n} sources", facts["sources"], lang))
    paragraphs = [
        _("This site turns one Arabic news analysis — Al-Araby Al-Jadeed's article of 8 May 2022 on security "
          "cooperation between Morocco and the United States — into a table of events: every arrest, foiled plot, "
          "attack, exercise or agreement the article reports is one row, coded by hand, dated, and tied to the "
          "exact words that report it.", lang) + counts,
        _("Each report exists in two views: the analyst view shows the text, the charts and the tables without "
          "code; the teaching view shows the code as well, and the exercises of the teaching notebooks with their "
          "solutions folded.", lang),
        _("Where the data comes from: the article's text, kept whole (on the annotated article page, every coded "
          "passage highlighted); the events, agencies and cooperation types coded from it following the codebook, "
          "which defines every field and code; and public-record sources (official statements, court records, "
          "other news reports) against which report 05 checks the article's claims, each listed with its address "
          "on the sources page, where the data can be downloaded.", lang),
    ]
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    return (f'<section class="report-about">\n{body}<p class="report-caveat">{html.escape(w["caveat"])}</p>\n'
            f'</section>\n')


def report_rows(build: LangBuild, prefix: str) -> str:
    w = words(build.lang)
    rows = []
    for e in build.reports:
        name = html.escape(e.name)
        status = f' <span class="report-status-failed">{w["failed"]}</span>' if e.failed else ""
        rows.append(
            f'<tr><td><a href="{prefix}analyst/{name}.html">{html.escape(e.title)}</a>{status}</td>'
            f"<td>{html.escape(e.question)}</td>"
            f'<td><a href="{prefix}analyst/{name}.html">{html.escape(w["analyst"])}</a><br>'
            f'<a href="{prefix}teaching/{name}.html">{html.escape(w["teaching"])}</a></td></tr>'
        )
    head = f'<tr><th>{w["report"]}</th><th>{w["question"]}</th><th>{w["views"]}</th></tr>'
    return (f'<h2>{html.escape(w["list"])}</h2>\n<div class="report-table-scroll"><table class="report-list">\n'
            f'<thead>{head}</thead>\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table></div>")


def report_number(name: str) -> str | None:
    """The report's number: the digits its file name starts with (``02-incident-frequency`` → ``02``)."""
    match = re.match(r"(\d+)", name)
    return match.group(1) if match else None


def more_links(lang: str, prefix: str) -> str:
    return f'<p class="report-more">{" · ".join(site_links(lang, prefix))}</p>\n'


def meta_html(build: LangBuild, with_time: bool) -> str:
    w = words(build.lang)
    built = html.escape(build.built)
    parts = [f'{w["built"]}: <time dir="ltr" datetime="{built}">{built}</time>'] if with_time else []
    parts.append(f'{w["data"]}: <code dir="ltr">{html.escape(build.data_version)}</code>')
    parts.append(f'{w["code"]}: <code dir="ltr">{html.escape(build.code_version or w["none"])}</code>')
    return '<p class="report-meta">' + " · ".join(parts) + "</p>"


def page(lang: str, title: str, css_prefix: str, body: str, extra_head: str = "", footer: str = "") -> str:
    """A site page (not a report): the shared CSS, ``body`` and ``footer`` in one ``<main>``, after the text
    pass (``analysis.report.textpass``: bidi isolation, numbers kept with their words, table cards)."""
    return finish(
        f'<!DOCTYPE html>\n<html lang="{lang}" dir="{DIRECTION[lang]}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n<title>{html.escape(title)}</title>\n'
        f'<link rel="stylesheet" href="{css_prefix}assets/jupyterlab.css">\n'
        f'<link rel="stylesheet" href="{css_prefix}assets/report.css">\n{extra_head}</head>\n'
        f'<body>\n<main class="report-index">\n{body}\n{footer}</main>\n</body>\n</html>\n'
    )


def add_footer(page_html: str, footer: str) -> str:
    """``footer`` put at the end of a page's ``<main>`` (for pages made elsewhere), after the text pass."""
    if not footer or "</main>" not in page_html:
        return page_html
    at = page_html.rindex("</main>")
    return finish(page_html[:at] + footer + page_html[at:])


def site_header(lang: str, home: str, langs: tuple[str, ...] = (), other_page: str | None = None) -> str:
    """The top line of every page: the site's name (to the language index) and the other language's page."""
    w = words(lang)
    links = [f'<a class="report-site" href="{home}">{html.escape(w["site"])}</a>']
    for other in langs:
        if other != lang and other_page is not None:
            links.append(f'<a class="report-other-lang" lang="{other}" dir="{DIRECTION[other]}" '
                         f'href="{other_page.format(lang=other)}">{html.escape(LANGUAGE_NAMES[other])}</a>')
    return f'<header class="report-header">{" · ".join(links)}</header>\n'


def nav(lang: str, prefix: str, first: list[str] | None = None) -> str:
    """A page's navigation bar: ``first`` links (its own), then the site's (``site_links``)."""
    w = words(lang)
    links = (first or []) + site_links(lang, prefix)
    return f'<nav class="report-nav" aria-label="{html.escape(w["nav"])}">{" · ".join(links)}</nav>\n'


def language_index(build: LangBuild, langs: tuple[str, ...] = (), facts: dict[str, int] | None = None,
                   answer: str = "", stamp: Stamp | None = None) -> str:
    """A language's index: the answer (what the article argues, how far it holds) before the list of reports."""
    w = words(build.lang)
    body = (site_header(build.lang, "index.html", langs, "../{lang}/index.html")
            + nav(build.lang, "", [f'<a href="../index.html">{html.escape(w["all"])}</a>'])
            + f'<h1>{html.escape(w["index"])}</h1>\n{answer}{report_rows(build, "")}\n{about_html(build.lang, facts)}'
            f'{meta_html(build, with_time=False)}\n')
    return page(build.lang, f'{w["index"]} — {w["site"]}', "../", body, footer=footer_html(build.lang, stamp, ""))


def site_index(builds: list[LangBuild], facts: dict[str, int] | None = None, answers: dict[str, str] | None = None,
               stamp: Stamp | None = None) -> str:
    """The top index; the build records are also kept in it as JSON, read back by later partial builds."""
    answers = answers or {}
    sections = [
        f'<section lang="{b.lang}" dir="{DIRECTION[b.lang]}">\n'
        f'<h2><a href="{b.lang}/index.html">{html.escape(words(b.lang)["index"])}</a></h2>\n'
        f'{answers.get(b.lang, "")}{more_links(b.lang, b.lang + "/")}{report_rows(b, b.lang + "/")}\n'
        f'{about_html(b.lang, facts)}{meta_html(b, with_time=True)}\n'
        f'{footer_html(b.lang, stamp, b.lang + "/")}</section>'
        for b in builds
    ]
    record = [{**vars(b), "reports": [vars(e) for e in b.reports]} for b in builds]
    data = f'<script type="application/json" id="build-info">{safe_json(record)}</script>\n'
    title = words("en")["site"]
    return page("en", title, "", f"<h1>{html.escape(title)}</h1>\n" + "\n".join(sections), data)


def previous_builds(index: Path) -> dict[str, LangBuild]:
    """Build records kept in an earlier top index (for languages not rebuilt this time)."""
    if not index.is_file():
        return {}
    text = index.read_text(encoding="utf-8", errors="replace")
    match = re.search(r'<script type="application/json" id="build-info">(.*?)</script>', text, re.S)
    try:
        record = json.loads(match.group(1)) if match else []
        return {r["lang"]: LangBuild(**{**r, "reports": [Entry(**e) for e in r["reports"]]})
                for r in record if r.get("lang") in LANGS}
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}
