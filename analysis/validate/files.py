"""Reading files: only inside the package folder, bytes to text, CSV rows with their shape problems."""
from __future__ import annotations

import csv
import os
import re
import stat
from pathlib import Path, PurePosixPath

from analysis.validate.model import Table
from analysis.validate.problems import CONTROL, Problem, display

# --- reading only inside the package ---------------------------------------------------------------

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(//|[^/\\])")


def package_path(root: Path, rel: object) -> tuple[Path | None, str | None]:
    """The file ``rel`` names inside the package folder ``root``, or (None, why not).

    Nothing outside the folder is ever opened: no URL (so no network), no absolute path, no '..', no
    symbolic link that leads out.
    """
    if not isinstance(rel, str) or not rel.strip():
        return None, "must be one relative file path, given as a string"
    if _URL.match(rel):
        return None, "is a URL: only files inside the data package folder are read (nothing is downloaded)"
    if os.path.isabs(rel) or rel.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", rel):
        return None, "is an absolute path: only files inside the data package folder are read"
    if ".." in PurePosixPath(rel.replace("\\", "/")).parts:
        return None, "leaves the data package folder ('..'): only files inside it are read"
    if "\x00" in rel or CONTROL.search(rel):
        return None, "contains control characters: not a usable file path"
    try:
        path = root / rel
        inside = path.resolve().is_relative_to(root.resolve())
    except (OSError, ValueError, RuntimeError) as exc:  # a symlink loop, a name too long …
        return None, f"cannot be resolved to a file ({exc})"
    if not inside:
        return None, "leads outside the data package folder (a symbolic link?): not read"
    return path, None


def read_file(path: Path, file: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a regular file, or a problem saying why it cannot be read (never an exception)."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            return None, [Problem(file, None, None, None, "is a folder, not a file")]
        if not stat.S_ISREG(mode):
            return None, [Problem(file, None, None, None, "is not a regular file (a pipe or a device?): not read")]
        return path.read_bytes(), []
    except FileNotFoundError:
        return None, [Problem(file, None, None, None, "file not found")]
    except PermissionError:
        return None, [Problem(file, None, None, None, "cannot be read: permission denied")]
    except (OSError, ValueError) as exc:
        return None, [Problem(file, None, None, None, f"cannot be read: {getattr(exc, 'strerror', None) or exc}")]


# --- bytes to text ---------------------------------------------------------------------------------

def _decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Strict UTF-8 (a BOM is accepted and dropped); CRLF and CR become LF.

    When the bytes are not UTF-8 the message names a likely cause only when the bytes show it: a UTF-16
    byte-order mark or NUL bytes; a mostly valid UTF-8 file with a few damaged sequences; or text that
    has no valid UTF-8 beyond ASCII and reads as Arabic in Windows-1256.
    """
    head = raw[:400]  # the header row is ASCII: in UTF-16 every other byte of it is NUL
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (head and head.count(b"\x00") * 4 >= len(head)):
        how = "byte-order mark" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "NUL bytes between the characters"
        return None, [Problem(file, None, None, None, f"the file is UTF-16 ({how}), not UTF-8: re-save it as UTF-8")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        lenient = raw.decode("utf-8", errors="replace")
        invalid = lenient.count("\ufffd") - raw.decode("utf-8", errors="ignore").count("\ufffd")
        valid = sum(1 for ch in lenient if not ch.isascii() and ch != "\ufffd")
        bad_lines = sum(1 for chunk in raw.split(b"\n") if not _is_utf8(chunk))
        where = f"invalid byte at line {line}, byte {col} ({bad_lines} line(s) affected)"
        hint = ""
        if valid >= invalid:
            hint = f"; the rest is valid UTF-8 ({invalid} invalid sequence(s)): a damaged file, fix or restore those bytes"
        else:
            try:
                if re.search("[\u0600-\u06ff]", raw.decode("cp1256")):
                    hint = "; it decodes as Windows-1256 (Arabic Windows): re-save it as UTF-8"
            except UnicodeDecodeError:
                pass
        return None, [Problem(file, line, None, f"0x{raw[exc.start]:02X}", f"not UTF-8: {where}{hint}")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def _is_utf8(chunk: bytes) -> bool:
    try:
        chunk.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _other_delimiter(header_line: str, fields: list[str]) -> str | None:
    """The delimiter of a header that has no comma but splits into schema columns on ';', tab or '|'."""
    if "," in header_line:
        return None
    for delimiter in (";", "\t", "|"):
        cells = [c.strip().strip('"') for c in header_line.split(delimiter)]
        if len(cells) > 1 and sum(c in fields for c in cells) * 2 >= len(cells):
            return delimiter
    return None


def read_table(path: Path, name: str, fields: list[str]) -> tuple[Table, list[Problem], set[int]]:
    """Read one CSV resource; report file-level, header and row-shape problems.

    Returns the table, its problems, and the row numbers whose shape was already reported (so the
    schema check does not repeat 'missing value' for each cell of a truncated row).
    """
    file = display(path)
    table = Table(name, file, fields=list(fields))
    raw, problems = read_file(path, file)
    if raw is None:
        if problems and problems[0].message == "file not found":
            problems = [Problem(file, None, None, None, "file not found (listed in datapackage.json)")]
        return table, problems, set()
    text, problems = _decode(raw, file)
    if text is None:
        return table, problems, set()
    if not text.strip():
        return table, [Problem(file, None, None, None, "file is empty: expected a header row and data rows")], set()
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if lines[-1] == "" and len(lines) > 1:
        lines.pop()  # the file's final newline
    delimiter = _other_delimiter(lines[0], fields)
    if delimiter is not None:
        shown = {"\t": "tabs"}.get(delimiter, repr(delimiter))
        return table, [Problem(file, 1, None, None, f"cells are separated by {shown}, not commas (a spreadsheet's "
                                                    "list separator?): re-save the file as comma-separated values")], set()
    # No cell is too long to read: the csv module's limit (131,072 characters) is raised to the longest line.
    csv.field_size_limit(max(csv.field_size_limit(), max(map(len, lines)) + 1))
    # One physical line is one row: cells never hold line breaks (README), so a broken row (an
    # unterminated quote, a cut-off line) is reported on its own line and the rows after it still count.
    records: list[list[str]] = []
    malformed: set[int] = set()
    for number, line in enumerate(lines, start=1):
        try:
            records.append(next(csv.reader([line], strict=True), []))
        except csv.Error as exc:
            problems.append(Problem(file, number, None, None, f"malformed CSV row ({exc}): an unterminated quote, or a cell split over lines"))
            # The row is reported once and kept, read leniently, so that its id still counts (a mention of
            # a cut-off event must not be reported as referring to nothing).
            records.append(next(csv.reader([line]), []))
            malformed.add(number)
    header, body = ([] if 1 in malformed else records[0]), records[1:]
    table.header = header
    for column in fields:
        if column not in header:
            table.missing.add(column)
            problems.append(Problem(file, 1, column, None, "required column is missing from the header"))
    for column in header:
        if column not in fields:
            problems.append(Problem(file, 1, column or "(blank)", None, "unexpected column: not in the schema (datapackage.json)"))
    seen: set[str] = set()
    for column in header:
        if column in seen:
            problems.append(Problem(file, 1, column, None, "column appears twice in the header"))
        seen.add(column)
    shaped: set[int] = set()
    for number, record in enumerate(body, start=2):
        if number in malformed:
            shaped.add(number)
        elif record and len(record) != len(header):
            what = "fewer" if len(record) < len(header) else "more"
            cause = "truncated row or stray delimiter?"
            if len(record) == 1:  # a row re-saved with another separator splits into the header's width on it
                d = next((d for d in ";\t|" if len(lines[number - 1].split(d)) == len(header)), None)
                cause = f"its cells are separated by {'tabs' if d == chr(9) else repr(d)}, not commas" if d else cause
            problems.append(Problem(file, number, None, None,
                                    f"row has {len(record)} cells, {what} than the header's {len(header)} ({cause})"))
            shaped.add(number)
        if number not in malformed and not any(record):
            problems.append(Problem(file, number, None, None, "blank row"))
            table.blank.add(number)
        cells = dict(zip(header, record))
        table.rows.append({column: cells.get(column, "") for column in fields})
        table.row_numbers.append(number)
    table.readable = True
    table.shaped = shaped
    return table, problems, shaped
