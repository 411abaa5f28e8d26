"""Form helpers: Bootstrap classes, Vietnamese dates typed as dd/mm/yyyy, NFC on the way in."""

from django import forms

from thidua.core import text


class DateInput(forms.DateInput):
    """A text box for dd/mm/yyyy, the way Vietnamese offices write dates."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class StyledFormMixin:
    """Give widgets Bootstrap classes and normalise every text input to NFC."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue  # its template lays out its own check boxes
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
                if field.required:
                    # Django writes `required` only on a select whose first choice is empty;
                    # the others still say so to a screen reader, as their asterisk does.
                    widget.attrs.setdefault("aria-required", "true")
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if isinstance(field, forms.DateField):
                field.input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
                field.error_messages["invalid"] = "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy."

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = text.clean(value)
        return cleaned


class OrganizationModelFormMixin:
    """Validate constraints that involve `organization` even though the form does not show it.

    The view sets `instance.organization` from the signed-in user; without this, Django's
    ModelForm skips every constraint on a field the form lacks, and a duplicate would reach the
    database instead of reading as a message on the form.
    """

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("organization")
        return exclusions


# Where the site-wide upload handler (thidua/attachments/uploads.py) leaves its refusal on the
# request when it stops reading a file over the limit, and the form field the file was sent as.
UPLOAD_REFUSAL = "_upload_refusal"
UPLOAD_REFUSAL_FIELD = "_upload_refusal_field"


def refuse_oversized_upload(request, form) -> bool:
    """Put the upload handler's refusal on `form` and return True when it stopped reading the
    request's file (over the limit): the file is then missing from request.FILES, and the form
    would otherwise say "required", or — for an optional file — save without it. The message
    goes on the file's field, named by its label; the form must not be saved."""
    refusal = getattr(request, UPLOAD_REFUSAL, "")
    if not refusal:
        return False
    form.is_valid()
    name = getattr(request, UPLOAD_REFUSAL_FIELD, None)
    if name in form.fields:
        form.errors.pop(name, None)
        form.add_error(name, "«{}»: {}".format(form.fields[name].label or name, refusal))
    else:
        form.add_error(None, refusal)
    return True
