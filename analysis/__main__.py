"""Command line: ``python -m analysis validate [DATA_DIR]``, ``python -m analysis report [...]`` and
``python -m analysis teaching [...]``; ``python -m analysis teaching alpha FOLDER`` (agreement of a class's
codings), ``python -m analysis teaching key`` (the self-checks' digests, teacher only),
``python -m analysis notebooks {tidy [--check] | copies --lang LANG}`` and ``python -m analysis lab [--lang LANG]``."""
from __future__ import annotations

import sys

from analysis import interrupt

# First thing, before the heavy imports below (nbconvert, pandas …, ≈ 0.5–1 s): Ctrl-C or SIGTERM from here on
# is one line and exit 130/143, never a KeyboardInterrupt traceback or a silent death.
interrupt.install()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    usage = ("usage: python -m analysis {validate [DATA_DIR] | report [options] | teaching [options] | "
             "teaching alpha FOLDER | teaching key | notebooks {tidy [--check] | copies --lang LANG} | "
             "lab [--lang LANG]}")
    if not argv or argv[0] in {"-h", "--help"}:
        print(usage)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    try:
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
    except BaseException as error:  # a stop during the imports, or anywhere a command did not catch it
        stop = interrupt.status(error) if not isinstance(error, SystemExit) else None
        if stop is None:
            raise
        print("interrupted", file=sys.stderr)
        return stop


if __name__ == "__main__":
    sys.exit(main())
