from django.urls import path, re_path

from thidua.closing import views

app_name = "closing"
urlpatterns = [
    path("phases/<int:pk>/", views.phase_summary, name="phase_summary"),
    path("phases/<int:pk>/edit/", views.phase_summary_edit, name="phase_summary_edit"),
    path("phases/<int:pk>/commend/", views.phase_commend, name="phase_commend"),
    path("phases/<int:pk>/decision/", views.phase_decision, name="phase_decision"),
    re_path(r"^phases/(?P<pk>[0-9]+)/report\.(?P<fmt>docx|pdf)$", views.phase_report_document,
            name="phase_report_document"),  # fmt: skip
    path("years/<int:year>/", views.year_report, name="year_report"),
    re_path(r"^years/(?P<year>[0-9]{4})/report\.(?P<fmt>docx|pdf)$", views.year_report_document,
            name="year_report_document"),  # fmt: skip
    re_path(r"^years/(?P<year>[0-9]{4})/report\.(?P<fmt>docx|pdf)/background/$",
            views.year_report_background, name="year_report_background"),  # fmt: skip
]
