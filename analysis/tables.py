"""Tables for people: no index column, text from the data escaped, a stable id so a notebook's stored
HTML is the same run to run (strict nbval compares it)."""
from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler


def show(frame: pd.DataFrame, name: str, rtl: bool = False) -> Styler:
    """``frame`` as an HTML table: every cell escaped (never read as markup), blanks shown as '—',
    wrapped text, right to left when ``rtl``."""
    styler = frame.style.hide(axis="index").format(escape="html", na_rep="—").set_uuid(name)
    props = [("text-align", "right" if rtl else "left"), ("vertical-align", "top"), ("white-space", "normal")]
    styler = styler.set_table_styles([{"selector": "td, th", "props": props}])
    if rtl:
        styler = styler.set_table_attributes('dir="rtl"')
    return styler
