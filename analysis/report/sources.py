"""Sources and data: the page every other page links to (``<lang>/sources.html``), and the downloads.

The page names the article (title, outlet, date, byline and address as far as the data holds them) and
every record source of ``sources.csv`` (role ``record``): publisher, title, dates of publication and of
access, language, what it states in our words, the claims that cite it, and its full address — a link only
when it is http or https, otherwise text. It offers the data package for download (a zip of every file of the
package, and each table as CSV), says how to cite the project and under which licence, from the package's
descriptor and the repository's ``CITATION.cff`` and ``LICENSE`` files when they exist (copied beside the
downloads). The zip is built deterministically (sorted entries, fixed dates and modes), so two builds of the
same data give the same bytes.
"""
from __future__ import annotations

import html
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from analysis.findings import readable_date
from analysis.i18n import _, n_
from analysis.paths import ROOT
from analysis.report.site import (Stamp, article_line, data_files, footer_html, nav, page, site_header, web_link,
                                  words)

DOWNLOADS = "downloads"
ZIP_NAME = "data-package.zip"
REPOSITORY_FILES = ("CITATION.cff", "LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "LICENSE-DATA", "LICENSE-data",
                    "LICENSE-CODE", "LICENSE-code", "COPYING")


def language_name(code: str, lang: str) -> str:
    """A source's language (ISO 639-1, as stored) by its name in the page's language, from CLDR through Babel
    ("fr" → "French" / «الفرنسية»); the code itself when CLDR does not know it, "—" when none is given."""
    from babel import Locale

    if not code:
        return "—"
    return Locale(lang).languages.get(code, code)


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _date(value: object, lang: str) -> str:
    """A date in words at its precision; the loaders give ``accessed`` as a timestamp (a day)."""
    text = value.date().isoformat() if hasattr(value, "date") and callable(value.date) and value == value else _text(value)
    precision = {10: "day", 7: "month", 4: "year"}.get(len(text))
    return (readable_date(text, precision, lang) if precision else text) or _("not stated", lang)


def descriptor(data_dir: Path) -> dict[str, Any]:
    try:
        return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def tables(data_dir: Path) -> list[tuple[str, str]]:
    """(name, path) of every CSV resource of the descriptor whose file is in the package."""
    found = []
    for resource in descriptor(data_dir).get("resources", []):
        path = resource.get("path") if isinstance(resource, dict) else None
        if isinstance(path, str) and path.endswith(".csv") and "/" not in path and (data_dir / path).is_file():
            found.append((str(resource.get("name", path)), path))
    return found


def repository_files() -> list[Path]:
    """The repository's citation and licence files that exist (issue 13 adds them)."""
    return [ROOT / name for name in REPOSITORY_FILES if (ROOT / name).is_file()]


def package_zip(data_dir: Path, date: str) -> bytes:
    """Every file of the data package under ``data/``, deterministically: sorted, dated ``date``, mode 644."""
    year, month, day = (int(p) for p in date.split("-"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in data_files(data_dir):
            info = zipfile.ZipInfo(f"data/{path.relative_to(data_dir).as_posix()}", date_time=(max(year, 1980), month, day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever the machine
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    return buffer.getvalue()


def downloads(data_dir: Path, stamp: Stamp) -> dict[str, bytes]:
    """The files under ``downloads/``: the zip, each table, the descriptor, the repository's citation and licences."""
    files = {f"{DOWNLOADS}/{ZIP_NAME}": package_zip(data_dir, stamp.updated)}
    for _name, path in tables(data_dir):
        files[f"{DOWNLOADS}/{path}"] = (data_dir / path).read_bytes()
    if (data_dir / "datapackage.json").is_file():
        files[f"{DOWNLOADS}/datapackage.json"] = (data_dir / "datapackage.json").read_bytes()
    for path in repository_files():
        files[f"{DOWNLOADS}/{path.name}"] = path.read_bytes()
    return files


def _size(n: int, lang: str) -> str:
    kb = max(1, round(n / 1024))
    return _("{size} kB", lang, size=kb)


def record_sources(data: Any, lang: str) -> str:
    """Every record source: publisher, title, dates, language, address, what it states, the claims citing it."""
    s = data.sources[data.sources["role"] == "record"].sort_values(["published", "source_id"])
    cited: dict[str, list[str]] = {}
    for claim, sources in zip(data.claims["claim_id"], data.claims["sources"]):
        for source in _text(sources).split(";"):
            if source:
                cited.setdefault(source, []).append(str(claim))
    items = []
    for row in s.to_dict("records"):
        publisher = _text(row.get("publisher_ar")) if lang == "ar" else ""
        publisher = publisher or _text(row.get("publisher"))
        title = _text(row.get("title"))
        translated = _text(row.get(f"title_{lang}"))
        language = _text(row.get("language"))
        marked = f' lang="{html.escape(language, quote=True)}"' if language and language != lang else ""
        titles = f"<cite{marked}>{html.escape(title)}</cite>"  # the title as published, in its own language
        if translated and translated != title:
            titles += f" ({html.escape(translated)})"
        url = _text(row.get("url"))
        address = web_link(url) if url else html.escape(_("no address recorded", lang))
        claims = cited.get(str(row["source_id"]), [])
        facts = " · ".join([
            html.escape(_("published {date}", lang, date=_date(row.get("published_text", row.get("published")), lang))),
            html.escape(_("accessed {date}", lang, date=_date(row.get("accessed"), lang))),
            html.escape(_("language: {code}", lang, code=language_name(_text(row.get("language")), lang))),
            html.escape(n_("cited by {n} claim", "cited by {n} claims", len(claims), lang))
            + (f' (<span class="report-ids">{html.escape(("، " if lang == "ar" else ", ").join(claims))}</span>)'
               if claims else ""),
        ])
        summary = _text(row.get(f"summary_{lang}"))
        items.append(
            f'<li id="{html.escape(str(row["source_id"]), quote=True)}" class="report-record-source">'
            f'<p><strong>{html.escape(publisher)}</strong> — {titles}</p>\n<p class="report-source-facts">{facts}</p>\n'
            f'<p class="report-source-address">{html.escape(_("Address:", lang))} {address}</p>\n'
            + (f"<p>{html.escape(summary)}</p>\n" if summary else "") + "</li>")
    intro = n_("{n} source of the public record, against which report 05 checks the article's claims; each is "
               "described in our own words, never copied, and the code never opens its address.",
               "{n} sources of the public record, against which report 05 checks the article's claims; each is "
               "described in our own words, never copied, and the code never opens its address.", len(s), lang)
    return f'<p>{html.escape(intro)}</p>\n<ol class="report-record-sources">\n' + "\n".join(items) + "\n</ol>\n"


def download_list(data_dir: Path, files: dict[str, bytes], lang: str) -> str:
    """The downloads, each with its size (and the rows of each table)."""
    items = [f'<li><a href="../{DOWNLOADS}/{ZIP_NAME}" download>{html.escape(_("The whole data package (zip)", lang))}'
             f'</a> · {html.escape(_size(len(files[f"{DOWNLOADS}/{ZIP_NAME}"]), lang))}</li>']
    for name, path in tables(data_dir):
        content = files[f"{DOWNLOADS}/{path}"]
        rows = max(0, content.count(b"\n") - 1) if content.endswith(b"\n") else content.count(b"\n")
        items.append(f'<li><a href="../{DOWNLOADS}/{html.escape(path)}" download><bdi dir="ltr" lang="zxx">{html.escape(path)}</bdi></a>'
                     f' · {html.escape(n_("{n} row", "{n} rows", rows, lang))} · {html.escape(_size(len(content), lang))}</li>')
    if f"{DOWNLOADS}/datapackage.json" in files:
        items.append(f'<li><a href="../{DOWNLOADS}/datapackage.json" download><bdi dir="ltr" lang="zxx">datapackage.json</bdi></a> · '
                     f'{html.escape(_("the descriptor: every column, its type and its meaning", lang))}</li>')
    return '<ul class="report-downloads">\n' + "\n".join(items) + "\n</ul>\n"


def citation(data_dir: Path, stamp: Stamp, lang: str) -> str:
    """How to cite: the repository's CITATION.cff when it exists, and a citation built from the descriptor."""
    meta = descriptor(data_dir)
    title = _text(meta.get("title")) or words(lang)["site"]
    version = _text(meta.get("version"))
    cff = ROOT / "CITATION.cff"
    authors = ""
    if cff.is_file():
        try:
            import yaml

            record = yaml.safe_load(cff.read_text(encoding="utf-8")) or {}
            names = [" ".join(_text(a.get(k)) for k in ("given-names", "family-names") if _text(a.get(k))) or _text(a.get("name"))
                     for a in record.get("authors", []) if isinstance(a, dict)]
            authors = ", ".join(n for n in names if n)
            title = _text(record.get("title")) or title
            version = _text(str(record.get("version") or "")) or version
        except Exception:  # a malformed file: the citation from the descriptor stands
            pass
    # the work's title as it is given (in English); on an Arabic page marked as such, after the site's own name
    marked = (f'{html.escape(words(lang)["site"])} (<cite lang="en">{html.escape(title)}</cite>)' if lang == "ar"
              else f"<cite>{html.escape(title)}</cite>")
    text = html.escape(_("{authors}{title}, data package version {version} (data version {data}, code version "
                         "{code}), updated {date}.", lang)).format(
        authors=html.escape(f"{authors}, ") if authors else "", title=marked, version=html.escape(version or "—"),
        data=html.escape(stamp.data_version), code=html.escape(stamp.code_version or words(lang)["none"]),
        date=html.escape(readable_date(stamp.updated, "day", lang)))
    out = f'<p class="report-citation">{text}</p>\n'
    if cff.is_file():
        out += (f'<p>{html.escape(_("The repository gives its preferred citation in", lang))} '
                f'<a href="../{DOWNLOADS}/CITATION.cff" download><bdi dir="ltr" lang="zxx">CITATION.cff</bdi></a>.</p>\n')
    return out


def licence(data_dir: Path, lang: str) -> str:
    """The licences: the descriptor's (for the tables) and the repository's licence files."""
    items = []
    for entry in descriptor(data_dir).get("licenses", []):
        if not isinstance(entry, dict):
            continue
        name = _text(entry.get("name"))
        link = web_link(_text(entry.get("path"))) if _text(entry.get("path")) else ""
        what = _text(entry.get("title"))
        items.append(f'<li><bdi dir="ltr">{html.escape(name)}</bdi>'
                     + (f" — {html.escape(what)}" if what and lang == "en" else "") + (f" · {link}" if link else "") + "</li>")
    for path in repository_files():
        if path.name != "CITATION.cff":
            items.append(f'<li><a href="../{DOWNLOADS}/{html.escape(path.name)}" download>'
                         f'<bdi dir="ltr" lang="zxx">{html.escape(path.name)}</bdi></a></li>')
    intro = _("The curated tables are published under the licence the data package declares; the article itself "
              "remains the property of its publisher and is kept for provenance only.", lang)
    if not items:
        items.append(f'<li>{html.escape(_("No licence is declared in the data package or the repository.", lang))}</li>')
    return f'<p>{html.escape(intro)}</p>\n<ul>\n' + "\n".join(items) + "\n</ul>\n"


def sources_page(data: Any, data_dir: Path, lang: str, langs: tuple[str, ...], stamp: Stamp,
                 files: dict[str, bytes]) -> str:
    """``<lang>/sources.html``."""
    w = words(lang)
    article = data.sources[data.sources["role"] == "article"]
    provenance = ""
    if len(article):
        row = article.iloc[0]
        points, digest = _text(str(row.get("code_points", ""))), _text(row.get("sha256"))
        if points and digest:
            provenance = (f'<p>{html.escape(_("The copy held is kept byte for byte: {points} code points, sha256", lang, points=points))}'
                          f' <code dir="ltr" title="{html.escape(digest, quote=True)}">{html.escape(digest[:8])}…'
                          f'{html.escape(digest[-4:])}</code> (<bdi dir="ltr">sources.csv</bdi>){"؛" if lang == "ar" else ";"} '
                          f'<a href="article.html">{html.escape(w["article"])}</a>.</p>\n')
    body = (site_header(lang, "index.html", langs, "../{lang}/sources.html")
            + nav(lang, "", [f'<a href="index.html">{html.escape(w["index"])}</a>'])
            + f'<h1>{html.escape(w["sources"])}</h1>\n<p class="report-caveat">{html.escape(w["caveat"])}</p>\n'
            f'<section id="article"><h2>{html.escape(_("The article", lang))}</h2>\n'
            f'<p>{article_line(stamp, lang)}</p>\n{provenance}</section>\n'
            f'<section id="record"><h2>{html.escape(_("The public record", lang))}</h2>\n{record_sources(data, lang)}</section>\n'
            f'<section id="data"><h2>{html.escape(_("Download the data", lang))}</h2>\n'
            f'{download_list(data_dir, files, lang)}<p>'
            + html.escape(_("Every column is defined in the {codebook}.", lang)).format(
                codebook=f'<a href="codebook.html">{html.escape(w["codebook"])}</a>') + '</p>\n</section>\n'
            f'<section id="cite"><h2>{html.escape(w["cite"])}</h2>\n{citation(data_dir, stamp, lang)}</section>\n'
            f'<section id="licence"><h2>{html.escape(w["licence"])}</h2>\n{licence(data_dir, lang)}</section>\n')
    return page(lang, f'{w["sources"]} — {w["site"]}', "../", body, footer=footer_html(lang, stamp, ""))
