from django.urls import path

from regie.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/controleren/", views.case_check, name="check"),
    path("<int:case_id>/dossier/", views.case_dossier, name="dossier"),
    path("<int:case_id>/intrekken/", views.case_withdraw_view, name="withdraw"),
    path(
        "<int:case_id>/heroverweging/",
        views.reassessment_request_view,
        name="reassessment_request",
    ),
    path(
        "<int:case_id>/heroverweging/antwoord/",
        views.reassessment_answer_view,
        name="reassessment_answer",
    ),
    path("<int:case_id>/regisseur/", views.case_assign, name="assign"),
    path(
        "<int:case_id>/uitstroom/<int:proposal_id>/bevestigen/",
        views.outflow_confirm_view,
        name="outflow_confirm",
    ),
    path(
        "<int:case_id>/uitstroom/<int:proposal_id>/afwijzen/",
        views.outflow_overrule_view,
        name="outflow_overrule",
    ),
]
