"""``{% published_documents organization %}``: the published documents on a profile."""

from __future__ import annotations

from typing import Any

from django import template

from verbund.documents import queries

register = template.Library()


@register.inclusion_tag("documents/_published.html")
def published_documents(organization: Any) -> dict[str, Any]:
    return {"organization": organization, "documents": list(queries.published_of(organization))}
