from django.urls import path

from regie.rounds import views

app_name = "rounds"

urlpatterns = [
    path("", views.round_list, name="list"),
    path("nieuw/", views.round_new, name="new"),
    path("<int:round_id>/", views.round_detail, name="detail"),
    path("<int:round_id>/voortgang/", views.round_progress, name="progress"),
    path(
        "<int:round_id>/personen/<int:outcome_id>/",
        views.outcome_detail,
        name="outcome",
    ),
]
