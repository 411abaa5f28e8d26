from django import forms

from thidua.attachments.validators import ALLOWED_TYPES, check_upload


class AttachmentForm(forms.Form):
    """One file to attach; checked by its content, as do_attach checks it again."""

    file = forms.FileField(
        label="Chọn tệp",
        # Empty files reach check_upload, whose message names the file.
        allow_empty_file=True,
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(ext for exts in ALLOWED_TYPES.values() for ext in exts)}
        ),
        help_text="PDF, DOCX hoặc ảnh (PNG, JPEG, WebP).",
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        check_upload(uploaded)
        return uploaded
