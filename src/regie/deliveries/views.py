"""Deliveries in the browser: the list, the upload, a delivery and its report of problems."""

from __future__ import annotations

from typing import Final

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from regie.accounts.models import User
from regie.deliveries.constants import Channel, DeliveryStatus
from regie.deliveries.forms import UploadForm
from regie.deliveries.permissions import (
    DeliveryPermission,
    deliver_check,
    delivery_for_user,
    has_permission,
)
from regie.deliveries.reports import delivery_report_csv, delivery_view_record
from regie.deliveries.selectors import deliveries_for_user
from regie.deliveries.services import DeliveryNotAllowed, DeliveryRefused
from regie.deliveries.uploads import (
    delivery_receive_upload,
    upload_max_megabytes,
    upload_too_large,
)

DELIVERIES_PER_PAGE: Final = 50
PROBLEMS_PER_PAGE: Final = 500


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required ran first
    return request.user


@login_required
@require_GET
def delivery_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    deliver_check(user)
    page = Paginator(deliveries_for_user(user), DELIVERIES_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "deliveries/list.html",
        {"page": page, "shows_all": has_permission(user, DeliveryPermission.VIEW_ALL)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def delivery_upload(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    deliver_check(user)
    max_mb = upload_max_megabytes()
    if request.method != "POST":
        form = UploadForm(user=user, too_large_message=None)
        return render(request, "deliveries/upload.html", {"form": form, "max_mb": max_mb})
    files = request.FILES  # parses the upload; the size limit is known only after this
    too_large = (
        f"Het bestand is groter dan {max_mb} MB en is niet opgeslagen. "
        "Lever een kleiner bestand aan, of gebruik de API of de opdrachtregel."
        if upload_too_large(request)
        else None
    )
    form = UploadForm(request.POST, files, user=user, too_large_message=too_large)
    if form.is_valid():
        partner = form.partner()
        assert partner is not None  # the form checked it
        try:
            delivery = delivery_receive_upload(
                upload=form.cleaned_data["bestand"],
                partner=partner,
                delivered_by=user,
                channel=Channel.BROWSER,
            )
        except DeliveryRefused as refused:
            return redirect("deliveries:detail", delivery_id=refused.delivery.pk)
        except DeliveryNotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"{delivery.file_name} is geaccepteerd: {delivery.rows} rijen."
            )
            return redirect("deliveries:detail", delivery_id=delivery.pk)
    return render(request, "deliveries/upload.html", {"form": form, "max_mb": max_mb}, status=400)


@login_required
@require_GET
def delivery_detail(request: HttpRequest, delivery_id: int) -> HttpResponse:
    """An accepted delivery's details, or a refused delivery's report of every problem."""
    user = _user(request)
    delivery = delivery_for_user(user, delivery_id)
    if delivery.status != DeliveryStatus.REFUSED:
        delivery_view_record(delivery=delivery, viewed_by=user, channel=Channel.BROWSER)
        return render(request, "deliveries/detail.html", {"delivery": delivery})
    page = Paginator(delivery.problems, PROBLEMS_PER_PAGE).get_page(request.GET.get("pagina"))
    delivery_view_record(
        delivery=delivery, viewed_by=user, channel=Channel.BROWSER, page=page.number
    )
    return render(request, "deliveries/report.html", {"delivery": delivery, "page": page})


@login_required
@require_GET
def delivery_report_download(request: HttpRequest, delivery_id: int) -> HttpResponse:
    """The report of every problem of a refused delivery, as CSV for Excel."""
    user = _user(request)
    delivery = delivery_for_user(user, delivery_id)
    if delivery.status != DeliveryStatus.REFUSED:
        raise Http404("een geaccepteerde aanlevering heeft geen rapport")
    text = delivery_report_csv(delivery=delivery, downloaded_by=user)
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="rapport-aanlevering-{delivery.pk}.csv"'
    )
    return response
