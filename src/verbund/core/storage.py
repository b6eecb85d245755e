"""Static files in production: hashed names, compressed copies, served by WhiteNoise."""

from __future__ import annotations

from collections.abc import Callable
from re import Match
from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's manifest storage, except that a front-end package shipping a
    ``sourceMappingURL`` comment without its ``.map`` file does not stop ``collectstatic``.

    Source maps only help developers' tools; any other missing reference (a CSS ``url()`` or
    ``@import``) still fails the build, as it would break the page.
    """

    def url_converter(
        self, name: str, hashed_files: dict[str, Any], template: str | None = None
    ) -> Callable[[Match[str]], str]:
        convert = super().url_converter(name, hashed_files, template)

        def convert_or_keep_source_map(match: Match[str]) -> str:
            try:
                return convert(match)
            except ValueError:
                if "sourceMappingURL" in match["matched"]:
                    return match["matched"]
                raise

        return convert_or_keep_source_map
