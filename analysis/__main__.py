"""Command line: ``python -m analysis validate [DATA_DIR]``, ``python -m analysis report [...]`` and
``python -m analysis teaching [...]``; ``python -m analysis teaching alpha FOLDER`` (agreement of a class's
codings), ``python -m analysis teaching key`` (the self-checks' digests, teacher only),
``python -m analysis notebooks {tidy [--check] | copies --lang LANG}`` and ``python -m analysis lab [--lang LANG]``."""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    usage = ("usage: python -m analysis {validate [DATA_DIR] | report [options] | teaching [options] | "
             "teaching alpha FOLDER | teaching key | notebooks {tidy [--check] | copies --lang LANG} | "
             "lab [--lang LANG]}")
    if not argv or argv[0] in {"-h", "--help"}:
        print(usage)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command == "validate":
        from analysis.validate import main as run
    elif command == "report":
        from analysis.report import main as run
    elif command == "teaching" and rest[:1] == ["alpha"]:
        from analysis.teaching.agreement import main as run
        rest = rest[1:]
    elif command == "teaching" and rest[:1] == ["key"]:
        from analysis.teaching.answers import main as run
        rest = rest[1:]
    elif command == "teaching":
        from analysis.teaching_build import main as run
    elif command == "notebooks":
        from analysis.notebooks import main as run
    elif command == "lab":
        from analysis.notebooks import lab_main as run
    else:
        print(f"unknown command {command!r}; {usage}", file=sys.stderr)
        return 2
    return run(rest)


if __name__ == "__main__":
    sys.exit(main())
