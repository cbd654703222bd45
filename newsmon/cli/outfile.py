"""Where a command's records go (`--out`): stdout, a file replaced whole, or a device or pipe
written straight through."""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

# Names of a file some process holds open already (`--out /dev/stdout`, bash's `>(gzip)`):
# renamed over, the holder would never see what was written.
_OPEN_FILE = re.compile(r"^/(dev/(stdout|stderr|fd/)|proc/[^/]+/fd/)")


class OutputProblem(Exception):
    """An --out that cannot be written: a directory, a read-only place, a full disk."""

    exit_code = 2


class ReaderGone(Exception):
    """Whoever read the records stopped (`newsmon export | head`): not an error, and
    nothing to say, as with any Unix tool."""

    exit_code = 0
    quiet = True


@contextmanager
def open_out(out_path: str, binary: bool) -> Iterator[Any]:  # text or binary, as asked
    """The stream to write to: stdout for "-", else `out_path`.

    A regular file, or one that does not exist yet, is written beside itself and renamed
    into place, so a failed export never leaves half a file (a file replaced keeps its
    permissions); a symlink to one keeps pointing at it. Anything else (/dev/null, a FIFO, /dev/fd/N) is written as it is:
    renamed over, it would become a regular file that nobody reads.
    """
    if out_path == "-":
        if sys.stdout is None:  # started with stdout closed (`>&-`)
            raise OutputProblem("stdout: is closed; give --out FILE")
        stream = sys.stdout.buffer if binary else sys.stdout
        with _failures("stdout", stdout=True):
            yield stream
            stream.flush()
        return
    path = Path(out_path)
    with _failures(f"--out {out_path}"):
        target = _file_to_replace(path, out_path)
        if target is None:
            with _open(path, binary) as handle:
                yield handle
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".partial")
        keep = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
        try:
            with _open(tmp, binary) as handle:
                if keep is not None:  # the file replaced keeps who may read it
                    os.chmod(handle.fileno(), keep)
                yield handle
            tmp.replace(target)
        finally:
            tmp.unlink(missing_ok=True)


def _file_to_replace(path: Path, given: str) -> Path | None:
    """The regular file that `path` names or will name, symlinks followed; None for
    anything else to write straight through."""
    try:
        mode: int | None = path.stat().st_mode
    except FileNotFoundError:
        mode = None  # a new file, or a symlink to one
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputProblem(f"--out {given}: is a directory; give a file name, e.g. "
                            f"{path / 'articles.jsonl'}")
    if mode is not None and not stat.S_ISREG(mode):
        return None
    if _OPEN_FILE.match(os.path.abspath(path)):
        return None
    return Path(os.path.realpath(path))


def _open(path: Path, binary: bool) -> IO:
    if binary:
        return open(path, "wb")
    return open(path, "w", encoding="utf-8", newline="")


@contextmanager
def _failures(what: str, stdout: bool = False) -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        if stdout:
            _drop_stdout()
        raise ReaderGone() from None
    except OSError as exc:
        raise OutputProblem(f"{what}: cannot write: {exc.strerror or exc}") from None


def stdout_failure(exc: BaseException) -> Exception | None:
    """What a failed write of a command's terminal output (a full disk behind `>`, a reader
    gone) is to the user; None for anything else."""
    if isinstance(exc, BrokenPipeError):
        _drop_stdout()
        return ReaderGone()
    if isinstance(exc, OSError) and exc.filename is None and exc.errno in _WRITE_ERRNOS:
        return OutputProblem(f"stdout: cannot write: {exc.strerror or exc}")
    return None


_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG}


def _drop_stdout() -> None:
    """What is still buffered for the closed pipe goes nowhere: flushed at exit, it would
    fail again and Python would print that."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
