from django.urls import path

from thidua.council import views

app_name = "council"
urlpatterns = [
    path("", views.SessionListView.as_view(), name="session_list"),
    path("sessions/add/", views.SessionCreateView.as_view(), name="session_add"),
    path("sessions/<int:pk>/", views.SessionView.as_view(), name="session"),
    path("sessions/<int:pk>/tally/", views.SessionTallyView.as_view(), name="session_tally"),
    path(
        "sessions/<int:pk>/documents/<str:kind>.<str:fmt>",
        views.session_document,
        name="session_document",
    ),
    path("nominations/", views.NominationListView.as_view(), name="nomination_list"),
    path("nominations/add/", views.NominateView.as_view(), name="nominate"),
    path(
        "nominations/unit/<int:unit_pk>/",
        views.NominateManyView.as_view(),
        name="nominate_many",
    ),
    path("nominations/<int:pk>/", views.NominationView.as_view(), name="nomination"),
    path("ballot/", views.BallotView.as_view(), name="ballot"),
]
urlpatterns += [
    path("sessions/<int:pk>/publish/", views.PublishView.as_view(), name="publication_add"),
    path("publications/", views.PublicationListView.as_view(), name="publication_list"),
    path("publications/<int:pk>/", views.PublicationView.as_view(), name="publication"),
    path(
        "publications/<int:pk>/notice.<str:fmt>",
        views.publication_notice,
        name="publication_notice",
    ),
]
