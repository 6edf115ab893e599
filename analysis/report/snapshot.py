"""One data package per site: the builder copies the package once, checks the copy, and every kernel, page
and version of the build reads that copy — whatever the environment says, and whatever is saved into the
package while the build runs.

The copy keeps what the validator judges: folders and regular files as they are, a symbolic link that
leads to a file inside the package as that file, any other link as a link (the validator reports it as
leading out), a pipe or device as a pipe (reported as not a regular file), an unreadable file as an
unreadable empty one. Hand-written: ``shutil.copytree`` would follow every link and block on a pipe.
"""
from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path


def snapshot(source: Path, target: Path) -> Path:
    """Copy the data package folder ``source`` (symbolic links resolved) to the new folder ``target``."""
    source = source.resolve()
    target.mkdir(parents=True)
    for folder, dirs, files in os.walk(source, followlinks=False):
        here = Path(folder)
        there = target / here.relative_to(source)
        for name in list(dirs):
            if (here / name).is_symlink():
                dirs.remove(name)  # not walked into: copied as what it is, below
                files.append(name)
            else:
                (there / name).mkdir()
        for name in files:
            _copy(source, here / name, there / name)
    return target


def _copy(root: Path, path: Path, target: Path) -> None:
    mode = os.lstat(path).st_mode
    if stat.S_ISLNK(mode):
        try:
            inside = path.resolve(strict=True)
            if inside.is_relative_to(root) and inside.is_file():
                shutil.copyfile(inside, target)
                return
        except (OSError, RuntimeError):
            pass
        os.symlink(os.readlink(path), target)
    elif stat.S_ISREG(mode):
        try:
            shutil.copyfile(path, target)
        except PermissionError:
            target.touch(mode=0)
    elif not stat.S_ISDIR(mode):
        os.mkfifo(target)
