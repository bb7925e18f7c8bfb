"""Reading identity resolution: the queue, the latest run."""

from __future__ import annotations

from django.db.models import QuerySet

from regie.identity.constants import PairStatus
from regie.identity.models import LinkageRun, ReviewPair


def review_queue() -> QuerySet[ReviewPair]:
    """The open pairs of the latest run, most likely matches first."""
    return ReviewPair.objects.filter(status=PairStatus.OPEN).select_related("record_l", "record_r")


def linkage_run_latest() -> LinkageRun | None:
    return LinkageRun.objects.order_by("-started_at", "-pk").first()
