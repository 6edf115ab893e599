"""What a student calls in the teaching notebooks (06–08), in one namespace: ``from analysis import teaching``.

The kit, by seam:

- ``passages``   the words read and coded (reading segments, coding passages: offsets into the raw article);
- ``values``     one canonical text per coded value (labels, Arabic forms, digits, dates, counts);
- ``coding``     the coding form, its form check, the hand-in, and the comparison that opens after it;
- ``checks``     the self-checks of exercises 1, 3, 4 and 5, against the digests of ``key.json``;
- ``agreement``  a folder of codings read and checked, Krippendorff's alpha and what it takes to read it,
                 and ``python -m analysis teaching alpha FOLDER``;
- ``verdict``    how a check speaks (verdict, hints, the notebook's language, never a traceback);
- ``answers``    the teacher's plain key and the digests' builder — teacher only, not in the student bundle.

A self-check never shows a traceback and never shows an answer before the student has tried.
"""
from __future__ import annotations

from analysis.i18n import _
from analysis.teaching.agreement import (FIELDS, SAMPLE_DIR, alpha, alpha_masi, alpha_result, alpha_table,
                                         alpha_from_coincidences, bootstrap, coincidence_matrix, confusion, expected_matrix, label,
                                         load_codings, masi_distance, pairwise_agreement, per_item_alpha,
                                         read_codings, reliability_matrix)
from analysis.teaching.checks import (as_counts, as_ids, attempted, check_alpha, check_contradicted_dates,
                                      check_events_per_agency, check_events_per_type, check_reading, check_retold)
from analysis.teaching.coding import HandIn, check_form, coding_form, compare_coding, hand_in, reference
from analysis.teaching.passages import PASSAGES, SEGMENTS, article, passage, segment, show_passages, show_segments
from analysis.teaching.text import is_blank
from analysis.teaching.values import norm
from analysis.teaching.verdict import BIDI_CONTROLS, install_name_error_sentence

__all__ = ['BIDI_CONTROLS', 'CODINGS_DIR', 'FIELDS', 'HandIn', 'PASSAGES', 'SAMPLE_DIR', 'SEGMENTS', 'alpha',
           'alpha_from_coincidences', 'alpha_masi', 'alpha_result', 'alpha_table', 'article', 'as_counts', 'as_ids',
           'attempted', 'bootstrap', 'check_alpha', 'check_contradicted_dates', 'check_events_per_agency',
           'check_events_per_type', 'check_form', 'check_reading', 'check_retold', 'coding_form',
           'coincidence_matrix', 'compare_coding', 'confusion', 'counts_or_say', 'expected_matrix', 'hand_in',
           'install_name_error_sentence', 'is_blank', 'label', 'load_codings', 'masi_distance', 'norm', 'pairwise_agreement',
           'passage', 'per_item_alpha', 'read_codings', 'reference', 'reliability_matrix', 'segment', 'show_passages',
           'show_segments', 'student_check_outputs', 'tried']

CODINGS_DIR = SAMPLE_DIR  # the example codings of notebook 08 (teaching/codings/)

install_name_error_sentence()


def counts_or_say(answer, lang: str = "en"):
    """The student's count as a Series, for a table that sets it beside another; or one sentence when the
    exercise has not been answered yet (the table would otherwise show the answer)."""
    from analysis.teaching.verdict import language, say

    lang = language(lang)
    if not attempted(answer):
        say(False, lang, [_("Answer the exercise above first: this table sets your answer beside another count.",
                            lang)], verdict=_("not yet", lang))
        return None
    try:
        import pandas as pd

        counts, _shares = as_counts(answer)
        return pd.Series(counts, dtype=float)
    except Exception:  # noqa: BLE001
        say(False, lang, [_("Your answer could not be read as counts: see the check above.", lang)],
            verdict=_("not yet", lang))
        return None


def tried(answer, lang: str = "en") -> bool:
    """Whether the exercise above has been tried; if not, one sentence (the cell after it holds its answer)."""
    from analysis.teaching.verdict import language, say

    if attempted(answer):
        return True
    lang = language(lang)
    say(False, lang, [_("Answer the exercise above first: this table holds its answer.", lang)],
        verdict=_("not yet", lang))
    return False


def student_check_outputs() -> tuple[str, ...]:
    """The verdict words, in each language (used by the tests and the build)."""
    return tuple(_(word, lang) for word in ("correct", "not yet") for lang in ("en", "ar"))
