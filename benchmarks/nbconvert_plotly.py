"""nbconvert preprocessor for the benchmark's baseline: plotly outputs as plotly's ``notebook`` renderer makes them.

The project's notebooks display plotly figures as the ``application/vnd.plotly.v1+json`` mimetype only,
which ``jupyter nbconvert --to html`` drops (no chart at all). With ``pio.renderers.default = "notebook"``
the kernel would instead emit, once per notebook, a ``text/html`` output holding all of plotly.js, and for
each figure a ``text/html`` div plus a ``Plotly.newPlot`` script. This preprocessor rewrites the outputs that
way after execution, so the baseline HTML shows the charts offline and carries the bytes it would carry.
It reads plotly.min.js from the installed package and writes the JSON itself (no plotly import, so the
baseline pays no extra time for it).
"""
from __future__ import annotations

import importlib.util
import json
import uuid
from pathlib import Path
from typing import Any

from nbconvert.preprocessors import Preprocessor
from nbformat import from_dict

PLOTLY_MIME = "application/vnd.plotly.v1+json"


def plotly_js() -> str:
    spec = importlib.util.find_spec("plotly")
    assert spec and spec.submodule_search_locations
    return (Path(next(iter(spec.submodule_search_locations))) / "package_data" / "plotly.min.js").read_text()


def figure_html(figure: dict[str, Any]) -> str:
    """What plotly.io.to_html(..., include_plotlyjs=False, full_html=False) writes for a figure."""
    div_id = str(uuid.uuid4())
    args = ", ".join(json.dumps(figure.get(k, d)).replace("</", "<\\/") for k, d in
                     (("data", []), ("layout", {}), ("config", {"responsive": True})))
    return (
        f'<div><div id="{div_id}" class="plotly-graph-div" style="height:525px; width:100%;"></div>'
        f'<script type="text/javascript">window.PLOTLYENV=window.PLOTLYENV || {{}};'
        f'if (document.getElementById("{div_id}")) {{ Plotly.newPlot("{div_id}", {args}) }};</script></div>'
    )


class PlotlyAsNotebookRenderer(Preprocessor):
    """Replace plotly mimetype outputs with the text/html of plotly's ``notebook`` renderer."""

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        initialised = False
        for cell in nb.cells:
            outputs = []
            for output in cell.get("outputs", []):
                if PLOTLY_MIME in output.get("data", {}):
                    if not initialised:  # the renderer's one-off init output: all of plotly.js
                        outputs.append(from_dict({"output_type": "display_data", "metadata": {},
                                                  "data": {"text/html": f"<script>{plotly_js()}</script>"}}))
                        initialised = True
                    output = from_dict({**output, "data": {"text/html": figure_html(output["data"][PLOTLY_MIME])}})
                outputs.append(output)
            if "outputs" in cell:
                cell.outputs = outputs
        return nb, resources
