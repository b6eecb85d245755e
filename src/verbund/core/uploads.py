"""Reading uploaded files without trusting them: zip archives checked before they are opened,
members read as a bounded stream, and parsing run in a child process with a time and memory
budget, so that no upload can make a web process or the task worker grow or hang.

* :func:`check_zip` reads the end of a zip archive (a few bytes) and refuses one whose central
  directory, number of entries or declared unpacked size is beyond the limits, before Python's
  ``zipfile`` builds anything from it. ``zipfile`` never returns more than the declared size of
  a member (it stops there and checks the CRC), so the declared sizes bound what is unpacked;
  :func:`read_member` still counts the bytes it gets and stops at its own limit.
* :func:`run_bounded` runs a function in a forked child process whose address space may grow
  by at most ``memory`` bytes and which may use ``seconds`` of CPU time. The child inherits the
  loaded code (fork), touches no database or cache, and sends back the result or the error.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import struct
import zipfile
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
CHUNK = 64 * 1024
# One central-directory record is at least 46 bytes plus the name; 512 bytes each is generous.
RECORD_BYTES = 512


class UnsafeArchive(Exception):
    """A zip archive refused before it was unpacked; ``reason`` says why."""

    def __init__(self, reason: str, **details: Any) -> None:
        super().__init__(reason, details)
        self.reason = reason  # "broken", "entries", "unpacked", "encrypted"
        self.details = details


def _central_directory(data: bytes) -> tuple[int, int]:
    """Number of entries and size of the central directory, as the archive's end says."""
    tail_start = max(0, len(data) - (65535 + 22))
    tail = data[tail_start:]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise UnsafeArchive("broken")
    _sig, _disk, _cd_disk, _here, entries, cd_size, _cd_offset, _comment = struct.unpack(
        "<4s4H2LH", tail[at : at + 22]
    )
    locator = at - 20
    if locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
        # Zip64: the real figures are in the zip64 end record the locator points to.
        _sig64, _disk64, record_offset, _disks = struct.unpack(
            "<4sLQL", tail[locator : locator + 20]
        )
        record = data[record_offset : record_offset + 56]
        if len(record) < 56 or record[:4] != b"PK\x06\x06":
            raise UnsafeArchive("broken")
        fields = struct.unpack("<4sQ2H2L4Q", record)
        entries, cd_size = max(entries, fields[7]), max(cd_size, fields[8])
    return entries, cd_size


def check_zip(data: bytes, *, max_entries: int, max_unpacked: int) -> zipfile.ZipFile:
    """The archive, opened only after its directory and declared sizes passed the limits."""
    entries, cd_size = _central_directory(data)
    if entries > max_entries or cd_size > max_entries * RECORD_BYTES:
        raise UnsafeArchive("entries", count=entries, limit=max_entries)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error) as error:
        raise UnsafeArchive("broken") from error
    members = archive.infolist()
    if len(members) > max_entries:
        raise UnsafeArchive("entries", count=len(members), limit=max_entries)
    if any(member.flag_bits & 0x1 for member in members):
        raise UnsafeArchive("encrypted")
    unpacked = sum(member.file_size for member in members)
    if unpacked > max_unpacked:
        raise UnsafeArchive("unpacked", size=unpacked, limit=max_unpacked)
    return archive


def read_member(archive: zipfile.ZipFile, name: str, limit: int) -> Iterator[bytes]:
    """The member's bytes in chunks; ``UnsafeArchive`` once more than ``limit`` came out."""
    try:
        with archive.open(name) as stream:
            total = 0
            while chunk := stream.read(CHUNK):
                total += len(chunk)
                if total > limit:
                    raise UnsafeArchive("unpacked", size=total, limit=limit)
                yield chunk
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
        # A wrong CRC or size (a member longer than declared), an unknown compression.
        raise UnsafeArchive("broken") from error


# --- A child process with a budget ------------------------------------------------------------


class BudgetExceeded(Exception):
    """The child ran out of time (``kind == "time"``) or memory (``"memory"``), or died."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def _virtual_size() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _limit_memory(extra: int) -> None:
    import resource

    current = _virtual_size()
    if current is None:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = current + extra
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _limit_time(seconds: float) -> None:
    import resource

    cpu = max(1, int(seconds + 0.999))
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        cpu = min(cpu, hard)
    # Past the soft limit the kernel sends SIGXCPU, which ends the child.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, hard))


def _child(
    connection: Any,
    memory: int,
    seconds: float,
    function: Callable[..., Any],
    args: tuple[Any, ...],
) -> None:
    try:
        _limit_memory(memory)
        _limit_time(seconds)
        try:
            outcome: tuple[str, Any] = ("ok", function(*args))
        except MemoryError:
            outcome = ("memory", None)
        except Exception as error:  # sent to the parent, which raises it there
            outcome = ("error", error)
        try:
            connection.send(outcome)
        except MemoryError:
            connection.send(("memory", None))
    finally:
        connection.close()


def run_bounded(function: Callable[..., T], *args: Any, seconds: float, memory: int) -> T:
    """``function(*args)`` in a forked child with at most ``memory`` extra bytes of address
    space and ``seconds`` of CPU time (and three times that, plus five seconds, of waiting,
    so that a busy machine does not cut off a normal file); its exceptions are raised here,
    ``BudgetExceeded`` when a budget ran out. Where fork is not available it runs in this
    process."""
    if "fork" not in multiprocessing.get_all_start_methods() or os.name != "posix":
        return function(*args)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(sender, memory, seconds, function, args), daemon=True
    )
    process.start()
    sender.close()
    try:
        if seconds <= 0 or not receiver.poll(seconds * 3 + 5):
            raise BudgetExceeded("time")
        try:
            kind, value = receiver.recv()
        except (EOFError, OSError) as error:
            process.join(5)
            if process.exitcode == -signal.SIGXCPU:
                raise BudgetExceeded("time") from error
            raise BudgetExceeded("memory") from error
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if kind == "memory":
        raise BudgetExceeded("memory")
    if kind == "error":
        raise value
    return value
