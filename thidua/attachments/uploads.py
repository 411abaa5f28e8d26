"""Stop reading an upload at the limit, whatever the reverse proxy lets through.

Django keeps a small upload in memory (FILE_UPLOAD_MAX_MEMORY_SIZE) and streams a larger one to
a temporary file, reading the whole request before any form can say it is too large: a 300 MB
upload was read in full. `LimitedUploadHandler` comes first in FILE_UPLOAD_HANDLERS and aborts
as soon as it knows the file is over settings.UPLOAD_MAX_BYTES (plus a 1 MB margin): at the
file's first part when Content-Length already says so, else once the bytes received pass it.
It raises StopUpload(connection_reset=True), so Django does not read the rest of the body.

The fields sent before the file (the CSRF token, "next") are parsed as usual; the file is left
out of request.FILES and `upload_refusal(request)` gives the Vietnamese message naming it;
`thidua.core.forms.refuse_oversized_upload(request, form)` puts it on the form's file field.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from thidua.attachments.validators import clean_name, format_size
from thidua.core.forms import UPLOAD_REFUSAL, UPLOAD_REFUSAL_FIELD

# Room for the form's other fields and the multipart headers around the file.
FORM_OVERHEAD_BYTES = 64 * 1024
# A file a little over the limit is still read, so the form's own check names its exact size
# (the attachments', the spreadsheets'); past this margin reading stops.
SLACK_BYTES = 1024 * 1024


def upload_refusal(request) -> str:
    """Return why the request's upload was refused for its size ("" when it was not)."""
    return getattr(request, UPLOAD_REFUSAL, "")


class LimitedUploadHandler(FileUploadHandler):
    """Refuse an upload over settings.UPLOAD_MAX_BYTES without reading it to the end."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.declared = content_length or 0
        self.received = 0
        self.limit = settings.UPLOAD_MAX_BYTES
        # None: let the other handlers parse the request.

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0
        if self.declared > self.limit + SLACK_BYTES + FORM_OVERHEAD_BYTES:
            self._refuse(self.declared)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit + SLACK_BYTES:
            # Only what has arrived is known: "more than the limit".
            self._refuse(self.limit, at_least=True)
        return raw_data

    def file_complete(self, file_size):
        return None

    def _refuse(self, size: int, *, at_least: bool = False):
        if self.request is not None:
            refusal = "Tệp «{}» quá lớn: {}{}; tối đa {}.".format(
                clean_name(self.file_name),
                "hơn " if at_least else "",
                format_size(size),
                format_size(self.limit),
            )
            setattr(self.request, UPLOAD_REFUSAL, refusal)
            setattr(self.request, UPLOAD_REFUSAL_FIELD, self.field_name)
        raise StopUpload(connection_reset=True)
