"""Code comments of the teaching notebooks in the copy's language: the English comment is the message id of the
``teaching_comments`` catalog (``analysis/locale/ar/LC_MESSAGES/teaching_comments.po``), and the teaching build
puts its Arabic in place in the Arabic copies. Comments are found with the standard ``tokenize`` module (a ``#``
inside a string is not a comment); a cell that does not tokenize, or a comment with no translation, is left as
it is (``tests/test_teaching.py`` checks that every comment of 06–08 has its Arabic)."""
from __future__ import annotations

import io
import tokenize

from analysis.i18n import MissingTranslation, _


def comments(source: str) -> list[str]:
    """The text of each comment of a code cell (after "# ")."""
    try:
        return [tok.string[1:].strip() for tok in tokenize.generate_tokens(io.StringIO(source).readline)
                if tok.type == tokenize.COMMENT]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []


def translate(source: str, lang: str) -> str:
    """``source`` with each comment in ``lang`` (English: unchanged)."""
    if lang == "en":
        return source
    try:
        tokens = [tok for tok in tokenize.generate_tokens(io.StringIO(source).readline) if tok.type == tokenize.COMMENT]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return source
    lines = source.split("\n")
    for tok in reversed(tokens):  # from the end, so that earlier positions stay valid
        row, col = tok.start
        try:
            text = _(tok.string[1:].strip(), lang)
        except MissingTranslation:
            continue
        line = lines[row - 1]
        lines[row - 1] = line[:col] + "# " + text + line[col + len(tok.string):]
    return "\n".join(lines)


def translate_notebook(nb, lang: str):
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = translate(cell.source, lang)
    return nb
