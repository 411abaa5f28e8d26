"""Check an uploaded file before it is kept: not empty, not too large, and truly a PDF, a DOCX or
an image, as its bytes say; the name and the content type the browser sent are not trusted.

Active content is refused: a PDF that runs JavaScript, launches a program, carries embedded files
or acts on opening, and a Word file with macros renamed .docx. The PDF is read with pypdf, every
object of its cross-reference table, rather than scanned for the names' bytes: since PDF 1.5
dictionaries sit compressed inside object streams, and a name may be written with #-escapes
(/J#61vaScript), so a byte scan misses what a reader runs. A damaged PDF that pypdf cannot read
(readers repair such files) falls back to a scan of its bytes outside streams, names decoded;
one that holds object streams is then refused, since what they hold cannot be seen.
"""

import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
import pypdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from PIL import Image, UnidentifiedImageError
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

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
# A PDF with more indirect objects than this is not a scanned decision: refused, unread.
MAX_PDF_OBJECTS = 200_000
# Keys whose mere presence means active content, and the action types that run something.
PDF_ACTIVE_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/Launch": "lệnh mở chương trình (Launch)",
    "/EmbeddedFile": "tệp nhúng (EmbeddedFile)",
    "/EmbeddedFiles": "tệp nhúng (EmbeddedFile)",
    "/EF": "tệp nhúng (EmbeddedFile)",
    "/XFA": "biểu mẫu XFA có mã lệnh",
    "/RichMedia": "nội dung đa phương tiện chạy mã (RichMedia)",
}
PDF_ACTIVE_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": "lệnh mở chương trình (Launch)",
    "/ImportData": "lệnh nhập dữ liệu (ImportData)",
    "/SubmitForm": "lệnh gửi biểu mẫu (SubmitForm)",
    "/GoToE": "lệnh mở tệp nhúng (GoToE)",
    "/RichMediaExecute": "nội dung đa phương tiện chạy mã (RichMedia)",
}
# The largest [Content_Types].xml read when looking for macros; a real one is a few KB.
MAX_CONTENT_TYPES_BYTES = 1024 * 1024


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


def _docx_has_macros(uploaded_file) -> bool:
    """Tell whether a Word package carries VBA macros (a .docm renamed .docx, or worse)."""
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = archive.namelist()
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return True
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > MAX_CONTENT_TYPES_BYTES:
                return True
            types = archive.read(info).lower()
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return True
    finally:
        uploaded_file.seek(0)
    return b"macroenabled" in types or b"vbaproject" in types or b"ms-office.vba" in types


def _pdf_active_content(uploaded_file) -> str | None:
    """Return what active content the PDF holds (its Vietnamese name), or None.

    Reads every object the cross-reference table lists, those in object streams too, and looks
    at each dictionary (nested ones included) for the keys and action types above. /OpenAction
    is refused when it is an action (a dictionary); as a destination ([page /Fit]) it only opens
    the document at a page, as LaTeX and office suites write it, and is accepted.
    Raises PdfReadError (and the like) when pypdf cannot read the file.
    """
    uploaded_file.seek(0)
    try:
        reader = pypdf.PdfReader(uploaded_file, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfReadError("encrypted with a password")
        references = [
            IndirectObject(number, generation, reader)
            for generation, table in reader.xref.items()
            for number in table
        ] + [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
        if len(references) > MAX_PDF_OBJECTS:
            raise PdfReadError("too many objects")
        pending = [reader.trailer]
        for reference in references:
            pending.append(reference.get_object())
        seen = 0
        on_opening = None
        while pending:
            value = pending.pop()
            seen += 1
            if seen > 20 * MAX_PDF_OBJECTS:
                raise PdfReadError("too many values")
            if isinstance(value, DictionaryObject):
                for key, item in value.items():
                    if key in PDF_ACTIVE_KEYS:
                        return PDF_ACTIVE_KEYS[key]
                    if key == "/OpenAction" and isinstance(item.get_object(), DictionaryObject):
                        # Reported last: what the action runs (JavaScript, Launch) says more.
                        on_opening = "hành động tự chạy khi mở tệp (OpenAction)"
                    if key == "/S" and isinstance(item, NameObject) and item in PDF_ACTIVE_ACTIONS:
                        return PDF_ACTIVE_ACTIONS[item]
                    if key == "/Type" and item == "/EmbeddedFile":
                        return PDF_ACTIVE_KEYS["/EmbeddedFile"]
                    # Indirect values are objects of the table, read on their own.
                    if isinstance(item, DictionaryObject | ArrayObject):
                        pending.append(item)
            elif isinstance(value, ArrayObject):
                pending.extend(v for v in value if isinstance(v, DictionaryObject | ArrayObject))
    finally:
        uploaded_file.seek(0)
    return on_opening


_PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
_PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r /<>\[\]()%{}]*)")
_PDF_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _pdf_scan_bytes(data: bytes) -> str | None:
    """Return the active content a damaged PDF names outside its streams, or None.

    Stream bodies (images, page content) are skipped: binary data would match names by chance.
    Object streams are refused outright: their dictionaries are compressed out of sight.
    """
    outside = _PDF_STREAM.sub(b" ", data)
    for match in _PDF_NAME.finditer(outside):
        raw = _PDF_ESCAPE.sub(lambda h: bytes([int(h.group(1), 16)]), match.group(1))
        name = "/" + raw.decode("latin-1")
        if name == "/ObjStm":
            return "đối tượng nén không kiểm tra được trong tệp PDF hỏng"
        if name in PDF_ACTIVE_KEYS:
            return PDF_ACTIVE_KEYS[name]
        if name in PDF_ACTIVE_ACTIONS:
            return PDF_ACTIVE_ACTIONS[name]
        if name == "/OpenAction" and not outside[match.end() :].lstrip().startswith(b"["):
            return "hành động tự chạy khi mở tệp (OpenAction)"
    return None


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
    if mime_type == DOCX_MIME and _docx_has_macros(uploaded_file):
        raise ValidationError(
            "Tệp «{}» là tài liệu Word có macro (mã lệnh VBA): không nhận. Hãy lưu lại thành "
            "«Word Document (*.docx)» rồi tải lên.".format(name),
            code="active_content",
        )
    if mime_type == "application/pdf":
        try:
            active = _pdf_active_content(uploaded_file)
        except Exception:  # pypdf raises many kinds on a damaged or hostile file
            uploaded_file.seek(0)
            data = uploaded_file.read(settings.ATTACHMENT_MAX_BYTES + 1)
            uploaded_file.seek(0)
            active = _pdf_scan_bytes(data)
        if active:
            raise ValidationError(
                "Tệp «{}» chứa nội dung tự chạy ({}): không nhận. Hãy in lại ra PDF thường "
                "(Microsoft Print to PDF hoặc máy quét) rồi tải lên.".format(name, active),
                code="active_content",
            )
    return CheckedUpload(name=_named_for(name, mime_type), mime_type=mime_type, size=size)
