"""Base views shared by every app: scoped querysets, object permissions, htmx table partials."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from thidua.core import jobs


class ScopedObjectMixin(LoginRequiredMixin):
    """Fetch objects only from `Model.objects.visible_to(user)` and check an object permission.

    An object outside the user's scope is a 404 (its existence is not revealed); one inside the
    scope that the user may not act on is a 403.
    """

    permission_action = "view"

    def get_permission_name(self) -> str:
        meta = self.model._meta
        return "{}.{}_{}".format(meta.app_label, self.permission_action, meta.model_name)

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.request.user.has_perm(self.get_permission_name(), obj):
            raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
        return obj


def is_partial_request(request) -> bool:
    """Tell an htmx swap (answer with the fragment) from a history restore (the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


class ScopedListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    """A filtered, sorted, paginated list; an htmx request gets only the table partial."""

    paginate_by = 25
    partial_template_name: str = ""

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_template_names(self):
        if is_partial_request(self.request) and self.partial_template_name:
            return [self.partial_template_name]
        return super().get_template_names()

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        # Through the app registry: core sits below organisation and imports none of its code;
        # each model's `visible_to(user)` scopes what the user counts.
        user = self.request.user
        context = super().get_context_data(**kwargs)
        context["organization"] = user.organization
        for name, model in (("people_count", "Person"), ("unit_count", "Unit")):
            rows = apps.get_model("organization", model).objects.visible_to(user)
            context[name] = rows.count()
        return context


def health(request):
    """Answer a load balancer: the process is up and the database answers (one query)."""
    from django.db import connection
    from django.http import HttpResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def forbidden(request, exception=None):
    from django.shortcuts import render

    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def csrf_failure(request, reason=""):
    """Django's CSRF refusal, in Vietnamese and in the site's style (CSRF_FAILURE_VIEW).

    Django's reason (English, for developers) is not shown: the page says what usually causes
    it and what to do.
    """
    from django.shortcuts import render

    return render(request, "403_csrf.html", status=403)


# Jobs: long work run by a background worker (thidua.core.jobs) ---------------------------------


@login_required
@require_GET
def job(request, job):
    """A job's page; htmx asks for its status every second until it has stopped (then the
    answer's status 286 stops the polling) and the live region says the outcome."""
    state = jobs.owned_job(request, job)
    context = {"state": state, "value": state.value}
    if is_partial_request(request):
        response = render(request, "core/job_status.html", context)
        if state.finished:
            response.status_code = 286
        return response
    return render(request, "core/job.html", context)


@login_required
@require_GET
def job_file(request, job):
    """The file a job made, to the user who asked only (its right asked again)."""
    state = jobs.owned_job(request, job)
    if not state.has_file:
        raise Http404("Tệp chưa tạo xong.")
    try:
        handle = default_storage.open(state.value["file"], "rb")
    except FileNotFoundError:
        raise Http404("Tệp không còn; hãy yêu cầu tạo lại.") from None
    response = FileResponse(handle, as_attachment=True, filename=state.value["filename"])
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def job_again(request, job):
    """Run an interrupted or failed job again, with what it was asked with."""
    state = jobs.owned_job(request, job)
    try:
        again = jobs.run_again(state)
    except jobs.JobRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("core:job", job=job)
    return redirect("core:job", job=again)
