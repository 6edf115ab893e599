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

from analysis.paths import ROOT
from analysis.report.notebook import LANGS

VIEWS = ("analyst", "teaching")
DIRECTION = {"en": "ltr", "ar": "rtl"}
UI = {
    "en": {
        "language": "English", "reports": "Reports", "all": "All reports", "report": "Report",
        "question": "Question", "views": "Views", "analyst": "Analyst view",
        "teaching": "Teaching view (with code)", "built": "Built", "data": "Data version",
        "code": "Code version", "failed": "FAILED", "none": "none",
    },
    "ar": {
        "language": "العربية", "reports": "التقارير", "all": "كل التقارير", "report": "التقرير",
        "question": "السؤال", "views": "العروض", "analyst": "عرض المحلّل",
        "teaching": "عرض تعليمي (مع الشيفرة)", "built": "وقت البناء", "data": "إصدار البيانات",
        "code": "إصدار الشيفرة", "failed": "فشل", "none": "لا يوجد",
    },
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
    """Every file of the data package, whatever its name (the raw text, new tables), sorted; names
    starting with ``.`` (editor and OS litter such as ``.DS_Store``, ``.ipynb_checkpoints``) are left out."""
    files = data_dir.rglob("*") if data_dir.is_dir() else []
    return sorted(p for p in files if p.is_file() and not any(s.startswith(".") for s in p.relative_to(data_dir).parts))


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


def report_rows(build: LangBuild, prefix: str) -> str:
    ui = UI[build.lang]
    rows = []
    for e in build.reports:
        name = html.escape(e.name)
        status = f' <span class="report-status-failed">{ui["failed"]}</span>' if e.failed else ""
        rows.append(
            f'<tr><td><a href="{prefix}analyst/{name}.html">{html.escape(e.title)}</a>{status}</td>'
            f"<td>{html.escape(e.question)}</td>"
            f'<td><a href="{prefix}analyst/{name}.html">{html.escape(ui["analyst"])}</a><br>'
            f'<a href="{prefix}teaching/{name}.html">{html.escape(ui["teaching"])}</a></td></tr>'
        )
    head = f'<tr><th>{ui["report"]}</th><th>{ui["question"]}</th><th>{ui["views"]}</th></tr>'
    return f"<table>\n<thead>{head}</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"


def meta_html(build: LangBuild, with_time: bool) -> str:
    ui = UI[build.lang]
    built = html.escape(build.built)
    parts = [f'{ui["built"]}: <time dir="ltr" datetime="{built}">{built}</time>'] if with_time else []
    parts.append(f'{ui["data"]}: <code dir="ltr">{html.escape(build.data_version)}</code>')
    parts.append(f'{ui["code"]}: <code dir="ltr">{html.escape(build.code_version or ui["none"])}</code>')
    return '<p class="report-meta">' + " · ".join(parts) + "</p>"


def page(lang: str, title: str, css_prefix: str, body: str, extra_head: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" dir="{DIRECTION[lang]}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n<title>{html.escape(title)}</title>\n'
        f'<link rel="stylesheet" href="{css_prefix}assets/jupyterlab.css">\n'
        f'<link rel="stylesheet" href="{css_prefix}assets/report.css">\n{extra_head}</head>\n'
        f'<body>\n<main class="report-index">\n{body}\n</main>\n</body>\n</html>\n'
    )


def language_index(build: LangBuild) -> str:
    ui = UI[build.lang]
    body = (f'<nav class="report-nav"><a href="../index.html">{ui["all"]}</a></nav>\n'
            f'<h1>{ui["reports"]} — {ui["language"]}</h1>\n'
            f'{meta_html(build, with_time=False)}\n{claims_html(build)}{report_rows(build, "")}')
    return page(build.lang, f'{ui["reports"]} — {ui["language"]}', "../", body)


def site_index(builds: list[LangBuild]) -> str:
    """The top index; the build records are also kept in it as JSON, read back by later partial builds."""
    sections = [
        f'<section lang="{b.lang}" dir="{DIRECTION[b.lang]}">\n'
        f'<h2><a href="{b.lang}/index.html">{UI[b.lang]["language"]}</a></h2>\n'
        f'{meta_html(b, with_time=True)}\n{claims_html(b)}{report_rows(b, b.lang + "/")}\n</section>'
        for b in builds
    ]
    record = [{**vars(b), "reports": [vars(e) for e in b.reports]} for b in builds]
    data = f'<script type="application/json" id="build-info">{safe_json(record)}</script>\n'
    return page("en", "Reports", "", "<h1>Reports</h1>\n" + "\n".join(sections), data)


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
