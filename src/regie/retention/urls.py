from django.urls import path

from regie.retention import views

app_name = "retention"

urlpatterns = [
    path("", views.retention_list, name="list"),
]
