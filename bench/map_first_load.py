"""What the map page costs on first load, without tiles: gzipped bytes and server time.

    VERBUND_VAR_DIR=/tmp/mapbench python -m django migrate --settings=verbund.settings
    VERBUND_VAR_DIR=/tmp/mapbench python -m django generate_organisations --count 20000 \\
        --settings=verbund.settings
    VERBUND_VAR_DIR=/tmp/mapbench PYTHONPATH=src python bench/map_first_load.py

Counts the HTML, every static file the page and the widget script load, and the first
marker data; tiles come from the tile server and are not counted.
"""

from __future__ import annotations

import gzip
import os
import re
import time
from pathlib import Path

import django


def gzipped(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=9))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbund.settings")
    django.setup()
    from django.contrib.staticfiles import finders
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    started = time.perf_counter()
    page = client.get("/de/map/")
    elapsed = (time.perf_counter() - started) * 1000
    html = page.content
    total = gzipped(html)
    print(f"map page HTML: {gzipped(html):>7} B gzipped, {elapsed:.0f} ms")
    assets = [
        url.decode().removeprefix("/static/")
        for url in re.findall(rb'(?:src|href)="(/static/[^"]+)"', html)
    ]
    widget = Path(str(finders.find("maps/verbund-map.js"))).read_text(encoding="utf-8")
    assets += re.findall(r'"((?:xstatic|maps)/[\w./-]+\.(?:css|js))"', widget)
    for asset in sorted(set(assets)):
        # The page links content-hashed names ("map-page.d3d1d97e2775.css"); find the source.
        source = finders.find(re.sub(r"\.[0-9a-f]{12}(\.\w+)$", r"\1", asset))
        size = gzipped(Path(str(source)).read_bytes())
        total += size
        print(f"{asset}: {size:>7} B gzipped")
    started = time.perf_counter()
    data = client.get("/embed/organisations.geojson", {"lang": "de"})
    elapsed = (time.perf_counter() - started) * 1000
    meta = data.json()["verbund"]
    total += gzipped(data.content)
    print(
        f"first data ({meta['mode']}, {meta['count']} organisations): "
        f"{gzipped(data.content):>7} B gzipped, {elapsed:.0f} ms"
    )
    print(f"first load without tiles: {total} B gzipped ({total / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
