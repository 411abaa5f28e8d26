"""Check an uploaded file before it is kept: not empty, not too large, and truly a PDF, a DOCX or
an image, as its bytes say; the name and the content type the browser sent are not trusted.
"""

import os
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from PIL import Image, UnidentifiedImageError

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Accepted content types and the extensions a file of that type may carry.
ALLOWED_TYPES = {
    "application/pdf": (".pdf",),
    DOCX_MIME: (".docx",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/webp": (".webp",),
}
IMAGE_TYPES = {"image/png", "image/jpeg", "image/webp"}
# filetype tells a DOCX from a plain ZIP by its first entries only; both go to the ZIP check.
ZIP_TYPES = {"application/zip", DOCX_MIME}
# filetype reads at most this many bytes to recognise a type.
HEAD_BYTES = 8192
MAX_NAME_LENGTH = 255


@dataclass(frozen=True)
class CheckedUpload:
    """What an accepted upload is: its clean display name, its real type and its size."""

    name: str
    mime_type: str
    size: int


def format_size(size: int) -> str:
    """Return a size as Vietnamese readers write it: "12,3 MB", "10 MB", "512 KB", "80 byte"."""
    if size < 1024:
        return "{} byte".format(size)
    if size >= 1024 * 1024:
        value, unit = size / (1024 * 1024), "MB"
    else:
        value, unit = size / 1024, "KB"
    decimals = 0 if round(value, 1) == int(round(value, 1)) else 1
    return "{} {}".format(number_format(round(value, decimals), decimals), unit)


def clean_name(raw: str) -> str:
    """Return the file's own name (no folders), NFC, without control characters, ≤ 255 chars."""
    name = os.path.basename((raw or "").replace("\\", "/"))
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if not name:
        name = "tep"
    if len(name) > MAX_NAME_LENGTH:
        stem, ext = os.path.splitext(name)
        name = stem[: MAX_NAME_LENGTH - len(ext)] + ext
    return name


def _named_for(name: str, mime_type: str) -> str:
    """Give the name the extension of its real type, so a download opens in the right program."""
    extensions = ALLOWED_TYPES[mime_type]
    if os.path.splitext(name)[1].lower() in extensions:
        return name
    return clean_name(name + extensions[0])


def _is_docx(uploaded_file) -> bool:
    """Tell whether a ZIP holds a Word document (reads the ZIP's directory, inflates nothing)."""
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        uploaded_file.seek(0)
    return "word/document.xml" in names and "[Content_Types].xml" in names


def _is_image(uploaded_file) -> bool:
    """Tell whether Pillow reads the image's structure (verify() decodes no pixels)."""
    uploaded_file.seek(0)
    try:
        with Image.open(uploaded_file) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    finally:
        uploaded_file.seek(0)
    return True


def check_upload(uploaded_file) -> CheckedUpload:
    """Return what the upload is, or raise ValidationError with a message for the user."""
    name = clean_name(getattr(uploaded_file, "name", ""))
    size = uploaded_file.size or 0
    if size == 0:
        raise ValidationError("Tệp «{}» rỗng.".format(name), code="empty")
    limit = settings.ATTACHMENT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            "Tệp «{}» quá lớn: {}; tối đa {}.".format(name, format_size(size), format_size(limit)),
            code="too_large",
        )
    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_BYTES)
    uploaded_file.seek(0)
    kind = filetype.guess(head)
    mime_type = kind.mime if kind else None
    if mime_type in ZIP_TYPES:
        mime_type = DOCX_MIME if _is_docx(uploaded_file) else None
    elif mime_type in IMAGE_TYPES and not _is_image(uploaded_file):
        mime_type = None
    if mime_type not in ALLOWED_TYPES:
        raise ValidationError(
            "Tệp «{}» không phải PDF, DOCX hay ảnh (PNG, JPEG, WebP).".format(name), code="type"
        )
    return CheckedUpload(name=_named_for(name, mime_type), mime_type=mime_type, size=size)
