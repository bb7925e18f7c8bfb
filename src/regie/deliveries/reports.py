"""Showing a delivery and its report of problems: every view and download is audited."""

from __future__ import annotations

import csv
import io
from typing import Final

from django.db import transaction

from regie.accounts.models import User
from regie.audit.services import audit_record
from regie.deliveries.constants import Channel, DeliveryStatus
from regie.deliveries.models import Delivery
from regie.formats.cells import cell_neutralised

REPORT_COLUMNS: Final = ("bestand", "regel", "kolom", "melding")
UTF8_BOM: Final = "\ufeff"  # so that Excel reads the report as UTF-8


@transaction.atomic
def delivery_view_record(
    *, delivery: Delivery, viewed_by: User, channel: Channel, page: int | None = None
) -> None:
    """Record that ``viewed_by`` saw ``delivery`` (for a refused one: its report)."""
    refused = delivery.status == DeliveryStatus.REFUSED
    action = "delivery_report_viewed" if refused else "delivery_viewed"
    if refused and page is not None:
        audit_record(
            actor=viewed_by, action=action, subject=delivery, channel=str(channel), page=page
        )
    else:
        audit_record(actor=viewed_by, action=action, subject=delivery, channel=str(channel))


@transaction.atomic
def delivery_report_csv(*, delivery: Delivery, downloaded_by: User) -> str:
    """The report of every problem as CSV text (with a byte-order mark), recorded."""
    out = io.StringIO()
    out.write(UTF8_BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(REPORT_COLUMNS)
    for problem in delivery.problems:
        regel = problem.get("regel")
        writer.writerow(
            [
                cell_neutralised(delivery.file_name),
                "" if regel is None else regel,
                cell_neutralised(problem.get("kolom")),
                cell_neutralised(problem["melding"]),
            ]
        )
    audit_record(
        actor=downloaded_by,
        action="delivery_report_downloaded",
        subject=delivery,
        problems=len(delivery.problems),
    )
    return out.getvalue()
