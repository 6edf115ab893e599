"""Validate the whole data package and report every problem at once.

Frictionless does what a Table Schema can say: types, required, enums, patterns, unique ids, primary
and foreign keys between tables. This module adds, by hand, what no schema language expresses: that
each quote sits at its offsets in its source, that every event has a mention, the raw file's
checksum, date/precision agreement and the article's relative dates, ids inside ';'-separated cells,
and the byte-level problems a spreadsheet introduces (encoding, BOM, CRLF, ragged rows).

``python -m analysis validate [DATA_DIR]``: exit 0 and one line of counts, or exit 1 and one line per
problem (file, row, column, value, what is wrong).
"""
from __future__ import annotations

import sys
from pathlib import Path

from analysis.paths import data_dir as default_data_dir
from analysis.validate import claims, rules, schema
from analysis.validate.cells import (PARSERS, CellError, parse_boolean, parse_date, parse_integer,  # noqa: F401
                                     parse_number, parsed)
from analysis.validate.descriptor import CONTRACT, PRIMARY_KEYS, read_descriptor  # noqa: F401
from analysis.validate.files import package_path, read_file, read_table  # noqa: F401
from analysis.validate.model import Package, Resource, Table, split_ids  # noqa: F401
from analysis.validate.problems import DataPackageError, Problem, escape, short  # noqa: F401
from analysis.validate.rules import DIRECTIONS, ONGOING  # noqa: F401


def check(root: Path | str | None = None) -> Package:
    """Read and check the data package at ``root``; every problem found is in ``.problems``.

    Never raises for what it reads: any file content, descriptor or file-system state ends as problems.
    Reads only files inside ``root`` and opens no network connection.
    """
    root = Path(root) if root is not None else default_data_dir()
    pkg = Package(root, {}, {}, {}, [])
    resources = read_descriptor(pkg)
    if resources is None:
        return _finish(pkg)
    pkg.resources = resources
    for resource in resources.values():
        table, problems, _ = read_table(resource.path, resource.name, resource.fields)
        pkg.tables[resource.name] = table
        pkg.problems += problems
    pkg.problems += schema.check_cells(pkg)
    pkg.problems += schema.check_text(pkg)
    pkg.problems += schema.frictionless_problems(pkg)
    pkg.problems += schema.check_contract(pkg)
    pkg.problems += rules.check_sources(pkg)
    pkg.problems += rules.check_mentions(pkg)
    pkg.problems += rules.check_events(pkg)
    pkg.problems += rules.check_spellings(pkg)
    pkg.problems += rules.check_genders(pkg)
    pkg.problems += claims.check(pkg)
    return _finish(pkg)


def _finish(pkg: Package) -> Package:
    """Drop exact repeats and sort by file, row, column."""
    unique = {(p.file, p.row, p.column, p.value, p.message): p for p in pkg.problems}
    pkg.problems = sorted(unique.values(), key=Problem.sort_key)
    return pkg


def summary(pkg: Package) -> str:
    """One line of counts for a valid package."""
    t = {name: len(table.rows) for name, table in pkg.tables.items()}
    categories = {row["event_type"]: row["category"] for row in pkg.tables["event_types"].rows}
    incidents = sum(categories.get(row["event_type"]) == "incident" for row in pkg.tables["events"].rows)
    records = sum(row.get("role") == "record" for row in pkg.tables["sources"].rows)
    articles = t["sources"] - records
    return (f"valid: {articles} article{'s' * (articles != 1)}, {records} record source{'s' * (records != 1)}, "
            f"{t['events']} events ({incidents} incidents, {t['events'] - incidents} cooperation), "
            f"{t['mentions']} mentions, {t.get('claims', 0)} claims, {t['agencies']} agencies, {t['actors']} actors, "
            f"{t['event_types']} event types, {t['cooperation_types']} cooperation types")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        print("usage: python -m analysis validate [DATA_DIR]", file=sys.stderr)
        return 2
    # Arabic text and escapes must reach any terminal: characters its encoding lacks are written as escapes.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        pkg = check(argv[0] if argv else None)
    except KeyboardInterrupt:
        print("validate: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug must still end in one clear line, not a traceback
        print(escape(f"validate: internal error ({type(exc).__name__}: {exc}): a bug in analysis/validate/; "
                     "please report it with the package that caused it"), file=sys.stderr)
        return 1
    if pkg.problems:
        for problem in pkg.problems:
            print(problem)
        print(f"invalid: {len(pkg.problems)} problem(s)", file=sys.stderr)
        return 1
    print(summary(pkg))
    return 0
