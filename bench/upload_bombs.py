"""Benchmark: how fast, and with how much memory, crafted uploads are refused (issue 11, F5/F9).

Usage:

    .venv/bin/python bench/upload_bombs.py [--scale 1.0]

It writes three files into a temporary directory (``tests/bombs.py`` makes them as streams):

* ``string.xlsx`` — about 600 KB, whose shared strings hold one 600 MB string;
* ``rows.xlsx`` — about 2.5 MB, whose sheet holds 630 MB of short rows;
* ``pixels.png`` — a genuine 12,000 by 12,000 (144 megapixel) PNG of some 17 KB;

and hands each to the code that takes uploads (``reading.read_table`` for the spreadsheets,
``services.validate_logo`` for the logo), each in a fresh Python process. Per file it prints
whether it was refused and the message, the time the call took, and the memory: the peak
resident set of the process (VmHWM, reset just before the call) minus its size then, and the
peak of the child processes (the spreadsheet reader runs in a child with its own budget,
but a bomb is refused before one is started). ``--scale 0.1`` makes the spreadsheets a
tenth of the size.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))


def _status(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) * 1024
    return 0


def _reset_peak() -> None:
    # Writing 5 to clear_refs resets the peak resident set (VmHWM) to the current one.
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")


def measure(kind: str, path: str) -> dict[str, object]:
    """Runs in the fresh process: set Django up, load the file, time the call."""
    import resource
    import time

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbund.settings")
    os.environ.setdefault("VERBUND_TESTING", "1")
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation
    from PIL import Image

    from verbund.organizations import reading, services

    data = Path(path).read_bytes()
    translation.activate("en")
    Image.init()  # Pillow imports its format plugins on first use; not part of the upload
    _reset_peak()
    before = _status("VmRSS")
    started = time.perf_counter()
    message = ""
    refused = True
    try:
        if kind == "logo":
            services.validate_logo(SimpleUploadedFile("logo.png", data))
        else:
            reading.read_table(data, "upload.xlsx")
        refused = False
    except reading.ImportFileError as error:
        message = error.message
    except ValidationError as error:
        message = " ".join(error.messages)
    seconds = time.perf_counter() - started
    peak = _status("VmHWM")
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {
        "file_bytes": len(data),
        "refused": refused,
        "message": message,
        "seconds": round(seconds, 3),
        "extra_mb": round(max(0, peak - before) / 1024**2, 1),
        "children_peak_mb": round(children / 1024**2, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    from tests import bombs

    mb = bombs.MB
    with tempfile.TemporaryDirectory() as folder:
        files = {
            "string.xlsx": (
                "spreadsheet",
                lambda: bombs.xlsx_with_one_huge_string(int(600 * mb * args.scale)),
            ),
            "rows.xlsx": (
                "spreadsheet",
                lambda: bombs.xlsx_of_small_rows(int(630 * mb * args.scale)),
            ),
            "pixels.png": ("logo", bombs.png_of_pixels),
        }
        columns = ("size", "refused", "seconds", "extra MB", "child MB")
        print(f"{'file':12} " + " ".join(f"{c:>10}" for c in columns))
        for name, (kind, make) in files.items():
            path = Path(folder) / name
            path.write_bytes(make())
            output = subprocess.run(
                [sys.executable, __file__, "--measure", kind, str(path)],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
            ).stdout
            result = json.loads(output.strip().splitlines()[-1])
            print(
                f"{name:12} {result['file_bytes']:>10,} {result['refused']!s:>10} "
                f"{result['seconds']:>10} {result['extra_mb']:>10} {result['children_peak_mb']:>10}"
            )
            print(f"{'':12} {result['message']}")


if __name__ == "__main__":
    main()
