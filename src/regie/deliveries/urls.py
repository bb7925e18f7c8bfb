from django.urls import path

from regie.deliveries import views

app_name = "deliveries"

urlpatterns = [
    path("", views.delivery_list, name="list"),
    path("nieuw/", views.delivery_upload, name="upload"),
    path("<int:delivery_id>/", views.delivery_detail, name="detail"),
    path("<int:delivery_id>/rapport.csv", views.delivery_report_download, name="report_csv"),
]
