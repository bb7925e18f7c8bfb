"""The programme manager's overview as one CSV table that opens in a spreadsheet.

Layout: comma-separated, UTF-8 (the view sends it as ``text/csv; charset=utf-8``), one
header row and one table, a row per figure::

    soort,naam,organisatie,aantal,op tijd,percentage
    caseload regisseur,Anna Aalbers,Zorg- en Veiligheidshuis,2,,
    caseload organisatie,,Zorg- en Veiligheidshuis,3,,
    plannen op tijd,,Zorg- en Veiligheidshuis,3,2,66.7
    plannen op tijd,,totaal,4,2,50.0
    proportionaliteitstoetsen op tijd,,Jeugdbescherming,1,0,0.0
    open knelpunten,expertpanel,,1,,
    te laat,casusoverleg,,4,,

``soort`` says what a row is; ``aantal`` is the caseload, the number that counted, or the
number open or overdue; ``op tijd`` and ``percentage`` (a point as decimal sign, empty
when nothing counted) only for the on-time figures. Overdue items are counted per kind
(clock name, or ``actie``) without names of persons: the export holds figures only.

Every cell that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) gets a leading ``'``.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Final

from regie.formats.cells import Cell, cell_neutralised
from regie.plans.constants import EscalationLevel
from regie.plans.selectors import ManagerOverview, OnTime

HEADER: Final = ("soort", "naam", "organisatie", "aantal", "op tijd", "percentage")

KIND_REGISSEUR: Final = "caseload regisseur"
KIND_ORGANISATION: Final = "caseload organisatie"
KIND_PLANS: Final = "plannen op tijd"
KIND_REVIEWS: Final = "proportionaliteitstoetsen op tijd"
KIND_BOTTLENECKS: Final = "open knelpunten"
KIND_OVERDUE: Final = "te laat"


def _on_time_rows(kind: str, rows: list[OnTime], total: OnTime) -> list[tuple[Cell, ...]]:
    return [
        (kind, "", row.organisation, row.counted, row.on_time, row.percentage)
        for row in [*rows, total]
    ]


def manager_overview_csv(overview: ManagerOverview) -> str:
    """``overview`` as CSV text in the layout of the module docstring."""
    rows: list[tuple[Cell, ...]] = [HEADER]
    rows += [
        (KIND_REGISSEUR, load.name, load.organisation, load.caseload, None, None)
        for load in overview.regisseurs
    ]
    rows += [
        (KIND_ORGANISATION, "", name, count, None, None)
        for name, count in overview.caseload_by_organisation.items()
    ]
    rows += _on_time_rows(KIND_PLANS, overview.plans_on_time, overview.plans_on_time_total)
    rows += _on_time_rows(KIND_REVIEWS, overview.reviews_on_time, overview.reviews_on_time_total)
    rows += [
        (KIND_BOTTLENECKS, EscalationLevel(level).label, "", count, None, None)
        for level, count in overview.open_bottlenecks_by_level.items()
    ]
    overdue = Counter(item.what for item in overview.overdue)
    rows += [(KIND_OVERDUE, what, "", overdue[what], None, None) for what in sorted(overdue)]

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([cell_neutralised(value) for value in row] for row in rows)
    return out.getvalue()
