"""Uploaded delivery files (browser or API): the size limit, and receiving one.

The upload is written to a temporary file that keeps its name and suffix (the reader
chooses the encoding by the suffix, and names the file in its messages), received through
``delivery_receive`` under the name the supplier gave it, and always deleted.

Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` limits form fields, not files.
``SizeLimitUploadHandler`` comes first in ``FILE_UPLOAD_HANDLERS``: when a file grows past
``settings.UPLOAD_MAX_BYTES`` it skips the rest of that file (nothing of it is kept) and
marks the request, so that the view can say why the file is missing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Final

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

from regie.accounts.models import User
from regie.deliveries.constants import Channel
from regie.deliveries.models import Delivery
from regie.deliveries.services import delivery_receive
from regie.formats.delivery import DELIVERY_SUFFIXES

ACCEPTED_SUFFIXES: Final = DELIVERY_SUFFIXES
FILE_NAME_MAX: Final = 255
_TOO_LARGE: Final = "_regie_upload_too_large"


class UploadRefused(Exception):
    """The upload is not a file Regie reads; nothing is recorded."""


def upload_name(upload: UploadedFile) -> str:
    """The uploaded file's own name (no folders), checked for an accepted suffix."""
    name = Path(upload.name or "").name
    if not name:
        raise UploadRefused("het bestand heeft geen naam")
    if Path(name).suffix.lower() not in ACCEPTED_SUFFIXES:
        raise UploadRefused(f"{name}: lever een bestand aan op .csv, .xlsx of .parquet")
    if len(name) > FILE_NAME_MAX:
        raise UploadRefused(f"de bestandsnaam is langer dan {FILE_NAME_MAX} tekens")
    return name


def delivery_receive_upload(
    *, upload: UploadedFile, partner: str, delivered_by: User, channel: Channel
) -> Delivery:
    """``delivery_receive`` on ``upload``; raises what it raises, and ``UploadRefused``.

    The file is written under its own name in a new temporary folder, so that the reader
    sees the suffix and the report names the supplier's file; both are always removed.
    """
    name = upload_name(upload)
    with tempfile.TemporaryDirectory(prefix="regie-upload-") as folder:
        path = Path(folder) / name
        with path.open("wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
        return delivery_receive(
            path=path, partner=partner, delivered_by=delivered_by, channel=channel, file_name=name
        )


def upload_too_large(request: HttpRequest) -> bool:
    """Whether a file of this request was skipped for being larger than the limit."""
    return bool(getattr(request, _TOO_LARGE, False))


def upload_max_megabytes() -> int:
    return int(settings.UPLOAD_MAX_BYTES) // (1024 * 1024)


class SizeLimitUploadHandler(FileUploadHandler):
    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        if self.content_length is not None and self.content_length > settings.UPLOAD_MAX_BYTES:
            self._skip()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > settings.UPLOAD_MAX_BYTES:
            self._skip()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler stores the file

    def _skip(self) -> None:
        if self.request is not None:
            setattr(self.request, _TOO_LARGE, True)
        raise SkipFile
