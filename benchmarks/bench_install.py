"""Install time and size per supported Python, and the report built by each: what a user meets.

    python benchmarks/bench_install.py [PYTHON ...]          default: Debian's python3.11, 3.12, 3.13 here
    python benchmarks/bench_install.py --bundle [PYTHON]     the student bundle (python -m analysis teaching)

For each Python, in a fresh venv in a temporary folder: ``pip install -r requirements.txt -e .`` (the runtime),
then ``python -m analysis report --lang en --lang ar --no-cache`` into a temporary folder, then
``pip install -r requirements/dev.txt`` (development and tests). Prints wall time and the venv's size after
each install, the report's exit status and time. pip's download cache is used as it is (a user's second
install; the first also downloads ≈ 150 MB of wheels). For --bundle: the English student bundle unzipped,
installed as its README says (``pip install -r requirements.txt -e .``), and its three notebooks executed
with the bundle's Python.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ["/usr/bin/python3.11", "/root/.pyenv/versions/3.12.1/bin/python3.12",
           "/root/.pyenv/versions/3.13.0/bin/python3.13"]


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[int, float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    return done.returncode, time.perf_counter() - start, (done.stdout + done.stderr)


def venv(python: str, where: Path) -> Path:
    subprocess.run([python, "-m", "venv", str(where)], check=True)
    py = where / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True, capture_output=True)
    return py


def mb(n: int) -> str:
    return f"{n / 1e6:.0f} MB"


def project(python: str, tmp: Path) -> None:
    version = subprocess.run([python, "-c", "import platform; print(platform.python_version())"],
                             capture_output=True, text=True).stdout.strip()
    env_dir = tmp / f"venv-{version}"
    py = venv(python, env_dir)
    base = size(env_dir)
    rc, seconds, out = run([str(py), "-m", "pip", "install", "-q", "-r", "requirements.txt", "-e", "."], ROOT)
    assert rc == 0, out[-2000:]
    runtime = size(env_dir)
    print(f"{version} ({python}): runtime install {seconds:.0f} s, venv {mb(runtime)} ({mb(runtime - base)} installed)",
          flush=True)
    rc, seconds, out = run([str(py), "-m", "analysis", "report", "--lang", "en", "--lang", "ar", "--no-cache",
                            "--out", str(tmp / f"site-{version}")], ROOT)
    last = [line for line in out.splitlines() if line.strip()][-1:]
    print(f"{version}: python -m analysis report: exit {rc} in {seconds:.0f} s: {last[0] if last else ''}", flush=True)
    rc, seconds, out = run([str(py), "-m", "pip", "install", "-q", "-r", "requirements/dev.txt"], ROOT)
    assert rc == 0, out[-2000:]
    print(f"{version}: dev install (after the runtime) {seconds:.0f} s, venv {mb(size(env_dir))}", flush=True)
    shutil.rmtree(env_dir)


def bundle(python: str, tmp: Path) -> None:
    rc, _, out = run([sys.executable, "-m", "analysis", "teaching", "--no-execute", "--lang", "en", "--out",
                      str(tmp / "teaching")], ROOT)
    assert rc == 0, out[-2000:]
    with zipfile.ZipFile(tmp / "teaching" / "student-bundle-en.zip") as archive:
        archive.extractall(tmp / "bundle")
    folder = tmp / "bundle" / "morocco-us-teaching"
    env_dir = folder / ".venv"
    py = venv(python, env_dir)
    base = size(env_dir)
    rc, seconds, out = run([str(py), "-m", "pip", "install", "-q", "-r", "requirements.txt", "-e", "."], folder)
    assert rc == 0, out[-2000:]
    listed = subprocess.run([str(py), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True).stdout
    print(f"student bundle ({python}): install {seconds:.0f} s, venv {mb(size(env_dir))} "
          f"({mb(size(env_dir) - base)} installed), {len(listed.splitlines())} packages", flush=True)
    notebooks = sorted((folder / "notebooks").glob("*.ipynb"))
    rc, seconds, out = run([str(py), "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--output-dir",
                            str(tmp / "executed"), *map(str, notebooks)], folder / "notebooks",
                           env={**os.environ, "PYTHONPATH": ""})
    print(f"student bundle: its {len(notebooks)} notebooks executed with the bundle's Python: exit {rc} in {seconds:.0f} s",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pythons", nargs="*")
    parser.add_argument("--bundle", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-install-") as tmp:
        if args.bundle:
            bundle((args.pythons or DEFAULT[:1])[0], Path(tmp))
        else:
            for python in args.pythons or DEFAULT:
                project(python, Path(tmp))


if __name__ == "__main__":
    main()
