"""What waits for a user: the work queue on the home page ("Waiting for me").

Each context that gives users work says what waits in ``AppConfig.work_items(user)``: a
list of ``WorkItem`` (a count, a sentence with the count, the page where the work is done),
asking the capabilities table what the user may do and reading through ``for_user``. The
home page shows the items whose count is not zero, in the order of the contexts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps


@dataclass(frozen=True)
class WorkItem:
    count: int
    label: str
    url: str


def work_queue(user: Any) -> list[WorkItem]:
    """The work waiting for ``user`` in every context, leaving out what counts nothing."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    items: list[WorkItem] = []
    for config in apps.get_app_configs():
        provider = getattr(config, "work_items", None)
        if provider is not None:
            items += [item for item in provider(user) if item.count]
    return items

