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


def claims_html(build: LangBuild) -> str:
    """The line on the article's claims against the public record (escaped: it carries data)."""
    return f'<p class="report-claims">{html.escape(build.claims)}</p>\n' if build.claims else ""


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
        _("Where the data comes from: the article's text, kept whole (shown on the annotated article page, every "
          "coded passage highlighted); the events, agencies and cooperation types coded from it following the "
          "project's codebook, which defines every field and code (in the repository, not on this site); and "
          "public-record sources (official statements, court records, other news reports) against which notebook "
          "05 checks the article's claims.", lang),
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
    return (f'<div class="report-table-scroll"><table class="report-list">\n<thead>{head}</thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody>\n</table></div>")


def report_number(name: str) -> str | None:
    """The report's number: the digits its file name starts with (``02-incident-frequency`` → ``02``)."""
    match = re.match(r"(\d+)", name)
    return match.group(1) if match else None


def more_links(lang: str, prefix: str) -> str:
    w = words(lang)
    return (f'<p class="report-more"><a href="{prefix}figures/index.html">{html.escape(w["figures"])}</a> · '
            f'<a href="{prefix}article.html">{html.escape(w["article"])}</a> · '
            f'<a href="{prefix}teaching-guide.html">{html.escape(w["guide"])}</a></p>\n')


def meta_html(build: LangBuild, with_time: bool) -> str:
    w = words(build.lang)
    built = html.escape(build.built)
    parts = [f'{w["built"]}: <time dir="ltr" datetime="{built}">{built}</time>'] if with_time else []
    parts.append(f'{w["data"]}: <code dir="ltr">{html.escape(build.data_version)}</code>')
    parts.append(f'{w["code"]}: <code dir="ltr">{html.escape(build.code_version or w["none"])}</code>')
    return '<p class="report-meta">' + " · ".join(parts) + "</p>"


def page(lang: str, title: str, css_prefix: str, body: str, extra_head: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" dir="{DIRECTION[lang]}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n<title>{html.escape(title)}</title>\n'
        f'<link rel="stylesheet" href="{css_prefix}assets/jupyterlab.css">\n'
        f'<link rel="stylesheet" href="{css_prefix}assets/report.css">\n{extra_head}</head>\n'
        f'<body>\n<main class="report-index">\n{body}\n</main>\n</body>\n</html>\n'
    )


def site_header(lang: str, home: str, langs: tuple[str, ...] = (), other_page: str | None = None) -> str:
    """The top line of every page: the site's name (to the language index) and the other language's page."""
    w = words(lang)
    links = [f'<a class="report-site" href="{home}">{html.escape(w["site"])}</a>']
    for other in langs:
        if other != lang and other_page is not None:
            links.append(f'<a class="report-other-lang" lang="{other}" dir="{DIRECTION[other]}" '
                         f'href="{other_page.format(lang=other)}">{html.escape(LANGUAGE_NAMES[other])}</a>')
    return f'<header class="report-header">{" · ".join(links)}</header>\n'


def language_index(build: LangBuild, langs: tuple[str, ...] = (), facts: dict[str, int] | None = None) -> str:
    w = words(build.lang)
    body = (site_header(build.lang, "index.html", langs, "../{lang}/index.html")
            + f'<nav class="report-nav" aria-label="{html.escape(w["nav"])}"><a href="../index.html">{w["all"]}</a> · '
            f'<a href="figures/index.html">{html.escape(w["figures"])}</a> · '
            f'<a href="article.html">{html.escape(w["article"])}</a></nav>\n'
            f'<h1>{html.escape(w["index"])}</h1>\n{about_html(build.lang, facts)}'
            f'{meta_html(build, with_time=False)}\n{claims_html(build)}{report_rows(build, "")}')
    return page(build.lang, f'{w["index"]} — {w["site"]}', "../", body)


def site_index(builds: list[LangBuild], facts: dict[str, int] | None = None) -> str:
    """The top index; the build records are also kept in it as JSON, read back by later partial builds."""
    sections = [
        f'<section lang="{b.lang}" dir="{DIRECTION[b.lang]}">\n'
        f'<h2><a href="{b.lang}/index.html">{html.escape(words(b.lang)["index"])}</a></h2>\n'
        f'{about_html(b.lang, facts)}{meta_html(b, with_time=True)}\n{claims_html(b)}'
        f'{more_links(b.lang, b.lang + "/")}{report_rows(b, b.lang + "/")}\n</section>'
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
