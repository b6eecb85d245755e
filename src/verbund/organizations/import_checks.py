"""Spreadsheet import, second step: which registry field each column fills, and every row
checked the way the registry's services will check it, with messages that name the row and
the field in the reader's language."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from verbund.core.spreadsheets import unsafe_cell
from verbund.organizations import services
from verbund.organizations.models import Organization
from verbund.organizations.spreadsheet import (
    COLUMN_BY_KEY,
    closest_label,
    code_for,
    normalise,
    split_list,
    suggest_column,
)
from verbund.organizations.taxonomy import Kind

CONTACT_COLUMNS = frozenset({"contact_name", "contact_email", "contact_language"})
# "Invite": yes or no in the site's languages, and the marks spreadsheets use for yes.
YES = frozenset(
    normalise(word)
    for word in ("ja", "yes", "y", "j", "x", "1", "true", "wahr", "evet", "да", "так", "نعم", "بله")
)
NO = frozenset(
    normalise(word)
    for word in ("nein", "no", "n", "0", "false", "falsch", "hay\u0131r", "нет", "ні", "لا", "خیر")
)


def suggest_mapping(headers: Sequence[str]) -> list[str]:
    """A registry field for each column, each field at most once ("" = not imported)."""
    mapping: list[str] = []
    for name in headers:
        key = suggest_column(name)
        mapping.append(key if key and key not in mapping else "")
    return mapping


def mapping_errors(mapping: Sequence[str]) -> list[str]:
    errors = []
    if "name" not in mapping:
        errors.append(
            _(
                "No column is imported as “Name”. Every organisation needs a name: "
                "choose the column that holds it."
            )
        )
    for key in sorted({k for k in mapping if k and mapping.count(k) > 1}):
        errors.append(
            _("Two columns are imported as “%(field)s”. Choose one of them.")
            % {"field": COLUMN_BY_KEY[key].label}
        )
    return errors


@dataclass
class RowCheck:
    index: int
    number: int  # the row number the spreadsheet program shows (the header is row 1)
    data: dict[str, Any]
    errors: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.data.get("name", ""))


def field_label(key: str) -> str:
    return str(COLUMN_BY_KEY[key].label) if key in COLUMN_BY_KEY else key


def _unknown(key: str, value: str) -> str:
    message = _("%(field)s: “%(value)s” is not a known value.") % {
        "field": field_label(key),
        "value": value[:60],
    }
    suggestion = closest_label(key, value)
    if suggestion is None:
        return message
    return " ".join([message, _("Did you mean “%(label)s”?") % {"label": suggestion}])


def _convert(key: str, raw: str, language: str, data: dict[str, Any], errors: list[str]) -> None:
    raw = unsafe_cell(raw)  # the exporter's guard against spreadsheet formulas
    if key in {"kind", "partner_kind", "legal_form", "federal_state"}:
        code = code_for(key, raw)
        if code is None:
            errors.append(_unknown(key, raw))
        else:
            data[key] = code
    elif key in {"themes", "languages"}:
        codes = []
        for part in split_list(raw):
            code = code_for(key, part)
            if code is None:
                errors.append(_unknown(key, part))
            else:
                codes.append(code)
        data[key] = codes
    elif key == "tags":
        data[key] = split_list(raw)
    elif key == "founding_year":
        match = re.fullmatch(r"(\d{4})(?:[.,]0+)?", raw)
        if match is None:
            errors.append(
                _("%(field)s: “%(value)s” is not a year like 1998.")
                % {"field": field_label(key), "value": raw[:20]}
            )
        else:
            data[key] = int(match.group(1))
    elif key == "postal_code":
        # Excel drops the leading zero of Saxon codes: 1067 was 01067.
        data[key] = raw.zfill(5) if raw.isdigit() and len(raw) == 4 else raw
    elif key in {"latitude", "longitude"}:
        try:
            data[key] = Decimal(raw.replace(",", ".")).quantize(Decimal("0.000001"))
        except InvalidOperation:
            errors.append(
                _("%(field)s: “%(value)s” is not a number.")
                % {"field": field_label(key), "value": raw[:20]}
            )
    elif key == "email":
        data[key] = raw.lower()
    elif key in CONTACT_COLUMNS:
        contact = data.setdefault("contact", {})
        if key == "contact_language":
            code = code_for(key, raw)
            if code is None:
                errors.append(_unknown(key, raw))
            else:
                contact["language"] = code
        elif key == "contact_email":
            contact["email"] = raw.lower()
            try:
                validate_email(contact["email"])
            except ValidationError:
                errors.append(
                    _("%(field)s: “%(value)s” is not an e-mail address.")
                    % {"field": field_label(key), "value": raw[:60]}
                )
        else:
            contact["name"] = " ".join(raw.split())[:150]
    elif key == "invite":
        answer = normalise(raw)
        if answer in YES:
            data[key] = True
        elif answer in NO:
            data[key] = False
        else:
            errors.append(
                _("%(field)s: write “yes” or “no”, not “%(value)s”.")
                % {"field": field_label(key), "value": raw[:20]}
            )
    elif key == "website":
        data[key] = raw if "://" in raw else f"https://{raw}"
    elif key == "description":
        data[key] = {language: raw}
    else:
        data[key] = raw


def check_row(index: int, cells: Sequence[str], mapping: Sequence[str], language: str) -> RowCheck:
    check = RowCheck(index=index, number=index + 2, data={})
    for position, key in enumerate(mapping):
        raw = cells[position].strip() if position < len(cells) else ""
        if key and raw:
            _convert(key, raw, language, check.data, check.errors)
    if not check.data.get("name"):
        check.errors.append(_("The name is missing."))
        return check
    contact = check.data.get("contact")
    if contact and not contact.get("name"):
        check.errors.append(_("Contact person: the name is missing."))
    candidate = Organization(kind=check.data.get("kind") or Kind.MIGRANT_ORGANISATION)
    for name, value in check.data.items():
        if name in services.PROFILE_FIELDS:
            setattr(candidate, name, value)
    try:
        candidate.full_clean(exclude=["slug"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                check.errors.append(f"{field_label(name)}: {message}")
    return check


def check_rows(
    rows: Sequence[Sequence[str]], mapping: Sequence[str], language: str
) -> list[RowCheck]:
    """Every non-empty row, checked; empty rows (Excel leaves many) are passed over."""
    with translation.override(language):
        return [
            check_row(i, cells, mapping, language)
            for i, cells in enumerate(rows)
            if any(c.strip() for c in cells)
        ]
