"""Upload, download and remove a record's attachments, each behind the record's own permission.

Files are never served from a URL of MEDIA_ROOT: only `attachment_download` reads them, after
asking `<app>.view_<model>` on the record they belong to.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from thidua.attachments.actions import do_attach, do_remove_attachment
from thidua.attachments.forms import AttachmentForm
from thidua.attachments.models import Attachment
from thidua.attachments.records import get_record
from thidua.core.forms import refuse_oversized_upload
from thidua.core.views import is_partial_request


def _attachment_in_organization(user, pk: int) -> Attachment:
    """Return an attachment of the user's organisation; another's is a 404."""
    return get_object_or_404(
        Attachment.objects.select_related("content_type"),
        pk=pk,
        organization_id=user.organization_id,
    )


def _record_of(attachment: Attachment, user, *, action: str):
    content_type = attachment.content_type
    return get_record(
        user, content_type.app_label, content_type.model, attachment.object_id, action=action
    )


def _block_or_back(request, record, *, form=None, notice=""):
    """Answer htmx with the refreshed block; a plain form post goes back to its page."""
    if is_partial_request(request):
        return render(
            request,
            "attachments/attachment_list.html",
            {
                "record": record,
                "attachment_form": form,
                "attachment_notice": notice,
                # Only when the page had flash messages to remove (its forms say so).
                "attachment_swap": request.POST.get("page_messages") == "1",
            },
        )
    if form is not None and form.errors:
        for error in form.errors.get("file", []):
            messages.error(request, error)
    elif notice:
        messages.success(request, notice)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = record.get_absolute_url() if hasattr(record, "get_absolute_url") else "/"
    return redirect(target)


@login_required
@require_POST
def attachment_upload(request, app_label: str, model_name: str, object_id: int):
    record = get_record(request.user, app_label, model_name, object_id, action="change")
    form = AttachmentForm(request.POST, request.FILES)
    if refuse_oversized_upload(request, form):
        pass  # over the limit: the upload handler stopped reading and left the file out
    elif form.is_valid():
        try:
            attachment = do_attach(record, form.cleaned_data["file"], acting_user=request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return _block_or_back(request, record, notice="Đã đính kèm «{}».".format(attachment))
    return _block_or_back(request, record, form=form)


@login_required
@require_safe
def attachment_download(request, pk: int):
    attachment = _attachment_in_organization(request.user, pk)
    _record_of(attachment, request.user, action="view")
    try:
        handle = attachment.file.storage.open(attachment.file.name, "rb")
    except FileNotFoundError:
        raise Http404("Tệp không còn trên máy chủ.") from None
    # FileResponse writes the original name into Content-Disposition, RFC 5987-encoded when it is
    # not ASCII; the type is the one found from the content at upload, not the browser's.
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.mime_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def attachment_remove(request, pk: int):
    attachment = _attachment_in_organization(request.user, pk)
    record = _record_of(attachment, request.user, action="change")
    name = attachment.name
    do_remove_attachment(attachment, acting_user=request.user)
    return _block_or_back(request, record, notice="Đã xoá tệp «{}».".format(name))
