"""Background work of the registry, run by the task worker (``manage.py db_worker``)."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def run_import(job_id: int) -> dict[str, Any]:
    from verbund.organizations import importing

    return importing.execute_job(job_id)
