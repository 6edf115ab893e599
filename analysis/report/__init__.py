"""Build the offline HTML report site: ``python -m analysis report [--lang en|ar ...] [options]``.

Every notebook in the notebooks folder is executed headless, in memory, once per language
(``LANG = "ar"`` is injected after the cell tagged ``parameters``) — or taken from the execution cache
when nothing it depends on changed — then rendered twice with nbconvert: an analyst view (no code, no
prompts) and a teaching view (with code). The site works from ``file://`` with no network: one shared
``assets/plotly.min.js`` and shared CSS, no CDN. Layout::

    <out>/index.html                      every language: titles, questions, build time, versions
    <out>/assets/                         plotly.min.js, jupyterlab.css, report.css
    <out>/<lang>/index.html               one language, no timestamp
    <out>/<lang>/{analyst,teaching}/<notebook>.html
    <out>/<lang>/figures/                 PNG/SVG saved by the chart helper (ANALYSIS_FIGURES_DIR)
    <out>/.analysis-report-manifest.json  the files this build wrote (the only ones a later build deletes)

Two builds of the same commit give the same bytes except the build time in ``<out>/index.html``,
whether the notebooks were executed or taken from the cache.

One build per site at a time (``lock``); each build is staged beside the site and switched in whole
(``output``), from one checked copy of the data package (``snapshot``).

Modules: ``cli`` (options, checks, exit statuses), ``build`` (one build, start to finish), ``lock`` (one
build at a time), ``snapshot`` (the data package the build reads), ``notebook`` (jobs, parameters,
titles), ``execute`` (kernels, interruption), ``traced_kernel`` (the kernel listing what it reads),
``cache`` (execution cache, sealed), ``memo`` (rendered pages, data checks passed), ``render``
(nbconvert, plotly), ``site`` (indexes, versions), ``output`` (the site folder: stage, switch, manifest).
"""
from analysis.report.cli import main
from analysis.report.notebook import cell_number, describe, find_notebooks, inject_parameters
from analysis.report.render import PLOTLY_CARTESIAN, plotly_html, plotly_js
from analysis.report.site import VIEWS, data_files, data_version, safe_json

__all__ = ["PLOTLY_CARTESIAN", "VIEWS", "cell_number", "data_files", "data_version", "describe", "find_notebooks",
           "inject_parameters", "main", "plotly_html", "plotly_js", "safe_json"]
