"""How a self-check speaks: a verdict line and its hints, in the notebook's language, and never a traceback.

A check that cannot read the answer, or whose exercise cell has not run or ended in an error, says so in one
sentence. In a Jupyter kernel, importing the teaching kit also turns a ``NameError`` raised in a check cell
(the exercise cell above was never run, so its variable does not exist) into that sentence; any other cell's
errors keep their traceback.
"""
from __future__ import annotations

import functools

from analysis import style
from analysis.i18n import LANGS, _

def _m(message: str) -> str:
    """Marks a message id whose translation is looked up later, with ``_`` (extracted like ``_``)."""
    return message


BIDI_CONTROLS = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))


def rtl_line(line: str, lang: str) -> str:
    """An Arabic line of plain-text output, readable in a left-to-right output area: the line isolated as
    right-to-left (RLI … PDI) and its Latin runs (ids, field names, codes) isolated as left-to-right, so
    "P3 · people_arrested:" stays at the start of the sentence and in order. English is unchanged."""
    return f"\u2067{style.isolate_runs(line, lang)}\u2069" if style.is_rtl(lang) else line


def say(ok: bool, lang: str, hints: list[str] | None = None, verdict: str | None = None) -> None:
    """Print the verdict and its hints at once. Nothing is returned: the notebook shows only the text."""
    head = verdict or (_("correct", lang) if ok else _("not yet", lang))
    lines = [head, *("  • " + hint for hint in hints or [])]
    print("\n".join(rtl_line(line, lang) for line in lines))


def language(lang) -> str:
    return lang if lang in LANGS else "en"


def _previous_cell_failed() -> bool:
    """Whether the cell run just before this one ended in an error (in a Jupyter kernel; False elsewhere)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    result = getattr(shell, "last_execution_result", None) if shell is not None else None
    return result is not None and not result.success


def not_answered(value) -> bool:
    return value is Ellipsis or (isinstance(value, dict) and value and all(v is Ellipsis for v in value.values()))


def guarded(check):
    """A self-check never shows a traceback. Its first argument is the student's answer: left as ``...``, it is
    "not answered yet"; when the cell just run failed, the check says so; an answer it cannot read is a
    "not yet" with a hint."""
    @functools.wraps(check)
    def run(*args, lang: str = "en", **kwargs):
        if lang not in LANGS:  # a typo in the parameters cell: a hint (in English: the language is unknown)
            return print(f'not yet\n  • LANG must be "en" or "ar", not {lang!r}: set it in the parameters cell at '
                         "the top of the notebook and run the cells again.")
        lang = language(lang)
        try:
            if _previous_cell_failed():
                return say(False, lang, [_("The cell above ended in an error: correct it and run it again, then run "
                                           "this check.", lang)])
            if args and not_answered(args[0]):
                return say(False, lang, [_("Not answered yet: replace each ... in the exercise cell with your "
                                           "answer, run that cell, then this one.", lang)])
            return check(*args, lang=lang, **kwargs)
        except Exception:  # noqa: BLE001 — the student sees a hint, not a traceback
            return say(False, lang, [_("The answer could not be read: keep the form of the cell (a table, a dict or a "
                                       "list, as the exercise says) and run the cells above it first.", lang)])
    return run


def _check_cell(source: str) -> bool:
    return "teaching." in source and any(word in source for word in ("check", "compare_coding", "hand_in"))


def install_name_error_sentence() -> None:
    """In a Jupyter kernel: a NameError in a check cell prints one sentence instead of a traceback."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or getattr(shell, "_teaching_sentence", False):
        return

    def handler(self, etype, value, tb, tb_offset=None):
        history = self.user_ns.get("_ih") or [""]
        name = getattr(value, "name", None)
        if name and _check_cell(history[-1]):
            lang = language(self.user_ns.get("LANG", "en"))
            say(False, lang, [_("{name} does not exist yet: run the exercise cell that sets it (above), then this "
                                "one.", lang, name=name)])
            return None
        return self.showtraceback((etype, value, tb), tb_offset=tb_offset)

    shell.set_custom_exc((NameError,), handler)
    shell._teaching_sentence = True
