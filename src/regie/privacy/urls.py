from django.urls import path

from regie.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.index, name="index"),
    path("logboek/", views.audit_log, name="audit_log"),
    path("persoon/<str:person_key>/", views.person_detail, name="person"),
    path("persoon/<str:person_key>/inzage/", views.access_request, name="access_request"),
    path("persoon/<str:person_key>/verzoek/", views.rights_request, name="rights_request"),
    path("verzoek/<int:request_id>/besluit/", views.rights_decide, name="rights_decide"),
]
