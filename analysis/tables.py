"""Tables for people: no index column, text from the data escaped, a stable id so a notebook's stored
HTML is the same run to run (strict nbval compares it), and a plain-text form that states the cells
(not an object's memory address) for viewers and tests without HTML."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from pandas.io.formats.style import Styler


@dataclass
class Table:
    """A frame shown as a table: HTML for notebooks and reports, plain text for everything else."""

    frame: pd.DataFrame
    styler: Styler

    def to_html(self) -> str:
        return self.styler.to_html()

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/html": self.to_html(), "text/plain": self.frame.fillna("—").to_string(index=False)}


def show(frame: pd.DataFrame, name: str, rtl: bool = False) -> Table:
    """``frame`` as a table: every cell escaped (never read as markup), blanks shown as '—', wrapped text,
    right to left when ``rtl``; ``name`` makes the element ids stable."""
    styler = frame.style.hide(axis="index").format(escape="html", na_rep="—").set_uuid(name)
    props = [("text-align", "right" if rtl else "left"), ("vertical-align", "top"), ("white-space", "normal")]
    styler = styler.set_table_styles([{"selector": "td, th", "props": props}])
    if rtl:
        styler = styler.set_table_attributes('dir="rtl"')
    return Table(frame, styler)
