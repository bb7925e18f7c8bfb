from django.urls import path

from regie.identity import views

app_name = "identity"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("paren/<int:pair_id>/", views.pair_detail, name="pair"),
    path("koppelen/", views.run_start, name="run_start"),
]
