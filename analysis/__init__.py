"""Helpers for the curated Morocco–US security-cooperation event table (Al-Araby Al-Jadeed, 8 May 2022)."""
import sys

# Speed, measured (benchmarks/bench_report.py): with jupyterlab installed, jsonschema (imported by
# frictionless, nbformat, nbclient) imports rfc3987_syntax for its optional "iri" format checker, and that
# compiles a grammar at import time (≈ 1–1.5 s per process). Nothing here validates "iri" formats, so the
# module is marked absent; jsonschema skips that checker on ImportError. Applies to every process that
# imports `analysis` first: the notebooks' kernels, `python -m analysis`, the report builder.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
