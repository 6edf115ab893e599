"""nbconvert rendering of executed notebooks into the site's pages, with plotly's JSON drawn by one shared plotly.js."""
from __future__ import annotations

import html
import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbconvert import HTMLExporter
from traitlets.config import Config

from analysis.report.links import link_ids
from analysis.report.notebook import Job, for_language, is_exercise
from analysis.report.site import (DIRECTION, VIEWS, Entry, Stamp, footer_html, report_number, safe_json, site_header,
                                  site_links, words)
from analysis.report.textpass import finish

PLOTLY_MIME = "application/vnd.plotly.v1+json"
PACKAGE = Path(__file__).resolve().parent.parent  # analysis/
TEMPLATES = PACKAGE / "templates"
ASSETS = PACKAGE / "assets"
PLOTLY_CARTESIAN = ASSETS / "vendor" / "plotly-cartesian.min.js"
# DataTables (npm datatables.net and datatables.net-dt, vendored; analysis/assets/vendor/README.md): the long
# tables of the reports sorted, filtered and paged in the page, offline; its own Arabic strings on Arabic pages.
DATATABLES = {"assets/datatables.min.js": ASSETS / "vendor" / "datatables.min.js",
              "assets/datatables.min.css": ASSETS / "vendor" / "datatables.min.css"}
DATATABLES_ARABIC = ASSETS / "vendor" / "datatables-ar.json"
CARTESIAN_TRACES = {"bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour", "image",
                    "pie", "scatter", "scatterternary", "violin"}


def plotly_html(figure: dict[str, Any], div_id: str) -> str:
    """A div and the inline script that draws ``figure`` (plotly's JSON) with the page's plotly.js."""
    config = {"responsive": True, "displaylogo": False, **figure.get("config", {})}
    config.pop("plotlyServerURL", None)  # only for the cloud "edit chart" link, which is off
    args = ", ".join(safe_json(v) for v in (div_id, figure.get("data", []), figure.get("layout", {}), config))
    return (
        f'<div id="{html.escape(div_id)}" class="report-plotly"></div>\n'
        f"<script>Plotly.newPlot({args});</script>"
    )


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "notebook"


def mark_plotly_outputs(nb: nbformat.NotebookNode, name: str) -> int:
    """Give every plotly output a deterministic div id (read by the template); return how many."""
    count = 0
    for ci, cell in enumerate(nb.cells):
        for oi, output in enumerate(cell.get("outputs", [])):
            if PLOTLY_MIME in output.get("data", {}):
                output.setdefault("metadata", {})["analysis-report"] = {"div_id": f"plotly-{slug(name)}-{ci}-{oi}"}
                count += 1
    return count


def trace_types(nb: nbformat.NotebookNode) -> set[str]:
    """The plotly trace types the notebook's figures use (plotly's default type is scatter)."""
    return {trace.get("type", "scatter") for cell in nb.cells for output in cell.get("outputs", [])
            for trace in output.get("data", {}).get(PLOTLY_MIME, {}).get("data", [])}


class Renderer:
    """nbconvert HTML exporters for both views, sharing one template, made once per build."""

    def __init__(self) -> None:
        priority = [PLOTLY_MIME, *HTMLExporter().default_config.NbConvertBase.display_data_priority]
        config = Config({"NbConvertBase": {"display_data_priority": priority}})
        self.exporters = {view: self._exporter(config, analyst=view == "analyst") for view in VIEWS}

    @staticmethod
    def _exporter(config: Config, analyst: bool) -> HTMLExporter:
        exporter = HTMLExporter(
            config=config, template_name="report", extra_template_basedirs=[str(TEMPLATES)],
            exclude_input=analyst, exclude_input_prompt=analyst, exclude_output_prompt=analyst,
        )
        exporter.register_filter("plotly_html", plotly_html)
        return exporter

    def lab_css(self) -> str:
        """JupyterLab's notebook CSS, as the lab template would inline it in every page."""
        env = self.exporters["teaching"].environment
        return "\n".join(env.loader.get_source(env, f"static/{n}")[0] for n in ("index.css", "theme-light.css"))

    def render(self, nb: nbformat.NotebookNode, view: str, lang: str, report: dict[str, Any]) -> str:
        exporter = self.exporters[view]
        exporter.language_code = lang
        resources = {"metadata": {"name": report["name"]}, "report": report}
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        return body


@dataclass(frozen=True)
class PageContext:
    """What a report page links to besides itself: its neighbours, the languages built, the data's ids."""

    previous: str | None = None
    next: str | None = None
    langs: tuple[str, ...] = ()
    events: frozenset[str] = frozenset()
    mentions: frozenset[str] = frozenset()
    stamp: Stamp | None = None  # the foot of the page: the article, the update date, the versions

    def key(self) -> str:
        return json.dumps([self.previous, self.next, list(self.langs), sorted(self.events), sorted(self.mentions),
                           self.stamp and [self.stamp.updated, self.stamp.data_version, self.stamp.code_version,
                                           list(self.stamp.article)]])


def nav_html(job: Job, view: str, entry: Entry, context: PageContext) -> str:
    """The page's header (site name, the other language), its navigation, report line and caveat."""
    w = words(job.lang)
    name = html.escape(job.name)
    header = site_header(job.lang, "../index.html", context.langs, f"../../{{lang}}/{view}/{name}.html")
    links = [f'<a href="../index.html">{html.escape(w["index"])}</a>']
    if context.previous:
        links.append(f'<a rel="prev" href="{html.escape(context.previous)}.html">{html.escape(w["previous"])}</a>')
    if context.next:
        links.append(f'<a rel="next" href="{html.escape(context.next)}.html">{html.escape(w["next"])}</a>')
    for other in VIEWS:
        label = html.escape(w[other])
        links.append(f'<span class="report-current">{label}</span>' if other == view
                     else f'<a href="../{other}/{name}.html">{label}</a>')
    links += site_links(job.lang, "../")  # figures, article, sources and data, codebook, teacher's guide
    number = report_number(job.name)
    title = html.escape(entry.title)
    line = (f'<p class="report-line">{html.escape(w["report"])} <bdi dir="ltr">{number}</bdi> · {title}</p>'
            if number and not entry.title.startswith(number) else f'<p class="report-line">{title}</p>')
    return (f'{header}<nav class="report-nav" aria-label="{html.escape(w["nav"])}">{" · ".join(links)}</nav>\n'
            f'{line}\n<p class="report-caveat">{html.escape(w["caveat"])}</p>')


def render_job(renderer: Renderer, job: Job, nb: nbformat.NotebookNode, failure: str | None,
               entry: Entry, context: PageContext | None = None) -> tuple[dict[str, bytes], set[str]]:
    """Both views of one executed notebook as {path in the site: bytes}, and the plotly trace types they need.
    Only the cells of the page's language are rendered (``for_language``); a teaching notebook's analyst view
    shows its code, as its teaching view does (the code is the exercise)."""
    context = context or PageContext(langs=(job.lang,))
    exercise = is_exercise(nb)
    nb = for_language(nb, job.lang)
    plotly_count = mark_plotly_outputs(nb, job.name)
    nb.metadata["title"] = f'{entry.title} — {words(job.lang)["site"]}'
    pages = {}
    for view in VIEWS:
        header = nav_html(job, view, entry, context)
        if failure:
            header += (f'\n<div class="report-failed" role="alert">{words(job.lang)["failed"]}: '
                       f"{html.escape(failure)}</div>")
        report = {
            "name": job.name,
            "dir": DIRECTION[job.lang],
            "plotly_js": "../../assets/plotly.min.js" if plotly_count else "",
            "plotly_outputs": plotly_count,
            "stylesheets": ["../../assets/jupyterlab.css", "../../assets/datatables.min.css", "../../assets/report.css"],
            "header_html": header,
            "solution_label": words(job.lang)["solution"],
            "footer_html": footer_html(job.lang, context.stamp, "../"),
            "datatables": ["../../assets/datatables.min.js", "../../assets/report-tables.js"],
        }
        exporter_view = "teaching" if exercise else view
        body = renderer.render(nb, exporter_view, job.lang, report)
        body = finish(link_ids(body, "../article.html", set(context.events), set(context.mentions)))
        pages[f"{job.lang}/{view}/{job.name}.html"] = body.encode("utf-8")
    return pages, trace_types(nb)


def plotly_js(types: set[str] | None = None) -> Path:
    """The plotly.js to ship: the vendored cartesian bundle (1.5 MB, same release) when every trace type
    fits it, else the full plotly.min.js of the installed plotly package (4.8 MB)."""
    if types is not None and types <= CARTESIAN_TRACES:
        return PLOTLY_CARTESIAN
    spec = importlib.util.find_spec("plotly")
    assert spec and spec.submodule_search_locations, "plotly is not installed"
    return Path(next(iter(spec.submodule_search_locations))) / "package_data" / "plotly.min.js"


def assets(renderer: Renderer, types: set[str] | None = None) -> dict[str, bytes]:
    """The shared files under ``assets/``: JupyterLab's CSS, the site's CSS, one plotly.js, DataTables and the
    site's table script."""
    return {
        "assets/jupyterlab.css": renderer.lab_css().encode("utf-8"),
        "assets/report.css": (ASSETS / "report.css").read_bytes(),
        "assets/plotly.min.js": plotly_js(types).read_bytes(),
        **{rel: path.read_bytes() for rel, path in DATATABLES.items()},
        "assets/report-tables.js": tables_js(),
    }


def tables_js() -> bytes:
    """The site's table script (``analysis/assets/report-tables.js``) with DataTables' own Arabic strings."""
    arabic = json.loads(DATATABLES_ARABIC.read_text(encoding="utf-8"))
    script = (ASSETS / "report-tables.js").read_text(encoding="utf-8")
    return script.replace("/*ARABIC*/{}", safe_json(arabic)).encode("utf-8")
