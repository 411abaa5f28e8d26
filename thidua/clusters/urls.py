from django.urls import path

from thidua.clusters import views

app_name = "clusters"
urlpatterns = [
    path("", views.ClusterListView.as_view(), name="cluster_list"),
    path("add/", views.ClusterAddView.as_view(), name="cluster_add"),
    path("<int:pk>/", views.ClusterView.as_view(), name="cluster"),
    path("<int:pk>/covenant/", views.CovenantView.as_view(), name="covenant_edit"),
    path("<int:pk>/members/add/", views.MemberAddView.as_view(), name="member_add"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/groups/add/", views.GroupAddView.as_view(), name="group_add"),
    path("<int:pk>/criteria/add/", views.CriterionAddView.as_view(), name="criterion_add"),
    path("<int:pk>/criteria/<int:criterion>/edit/", views.CriterionEditView.as_view(),
         name="criterion_edit"),  # fmt: skip
    path("<int:pk>/criteria/<int:criterion>/delete/", views.criterion_delete,
         name="criterion_delete"),  # fmt: skip
    path("members/<int:pk>/self-score/", views.SelfScoreView.as_view(), name="self_score"),
    path("members/<int:pk>/check/", views.CheckView.as_view(), name="check"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/close/", views.close_review, name="close"),
    path("<int:pk>/<str:kind>.<str:fmt>", views.cluster_document, name="document"),
]
