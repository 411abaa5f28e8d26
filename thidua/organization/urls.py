from django.urls import path

from thidua.organization import views

app_name = "organization"
urlpatterns = [
    path("units/", views.UnitListView.as_view(), name="unit_list"),
    path("units/add/", views.UnitCreateView.as_view(), name="unit_add"),
    path("units/<int:pk>/", views.UnitView.as_view(), name="unit"),
    path("units/<int:pk>/edit/", views.UnitEditView.as_view(), name="unit_edit"),
    path("units/<int:pk>/delete/", views.UnitDeleteView.as_view(), name="unit_delete"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/add/", views.PersonCreateView.as_view(), name="person_add"),
    path("people/<int:pk>/", views.PersonView.as_view(), name="person"),
    path("people/<int:pk>/edit/", views.PersonEditView.as_view(), name="person_edit"),
    path("people/<int:pk>/delete/", views.PersonDeleteView.as_view(), name="person_delete"),
]
urlpatterns += [
    path("parameters/", views.RuleParametersView.as_view(), name="rule_parameters"),
    path(
        "parameters/<str:regime>/ballots/",
        views.RuleBallotEditView.as_view(),
        name="rule_ballot_edit",
    ),
    path(
        "parameters/<str:regime>/<str:name>/",
        views.RuleParameterEditView.as_view(),
        name="rule_parameter_edit",
    ),
    path(
        "parameters/<str:regime>/<str:name>/restore/",
        views.RuleParameterRestoreView.as_view(),
        name="rule_parameter_restore",
    ),
]
urlpatterns += [
    path("organizations/", views.OrganizationListView.as_view(), name="organization_list"),
    path("organizations/add/", views.OrganizationCreateView.as_view(), name="organization_add"),
    path(
        "organizations/<int:pk>/edit/",
        views.OrganizationEditView.as_view(),
        name="organization_edit",
    ),
]
