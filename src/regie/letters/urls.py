from django.urls import path

from regie.letters import views

app_name = "letters"

urlpatterns = [
    path("dossier/<int:case_id>/maken/<str:kind>/", views.produce, name="produce"),
    path("<int:letter_id>/pdf/", views.pdf, name="pdf"),
    path("<int:letter_id>/overhandigd/", views.handover, name="handover"),
]
