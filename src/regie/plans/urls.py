from django.urls import path

from regie.plans import views

app_name = "plans"

urlpatterns = [
    path("mijn/", views.mine, name="mine"),
    path("panel/", views.panel_agenda_view, name="panel"),
    path("plan/<int:plan_id>/", views.plan_review, name="plan_review"),
    path("plan/<int:plan_id>/besluit/", views.panel_decide_view, name="panel_decide"),
    path("overzicht/", views.overview, name="overview"),
    path("overzicht.csv", views.overview_csv, name="overview_csv"),
    path("interventies/", views.provider, name="provider"),
    path("<int:case_id>/", views.case_direction, name="case"),
    path("<int:case_id>/plan/", views.plan_create_view, name="plan_create"),
    path("<int:case_id>/partner/", views.partner_add_view, name="partner_add"),
    path("<int:case_id>/doel/", views.goal_add_view, name="goal_add"),
    path("<int:case_id>/doel/<int:goal_id>/subdoel/", views.subgoal_add_view, name="subgoal_add"),
    path("<int:case_id>/subdoel/<int:subgoal_id>/actie/", views.action_add_view, name="action_add"),
    path(
        "<int:case_id>/actie/<int:action_id>/status/",
        views.action_update_view,
        name="action_update",
    ),
    path(
        "<int:case_id>/actie/<int:action_id>/wijzigen/",
        views.action_change_view,
        name="action_change",
    ),
    path("<int:case_id>/indienen/", views.plan_submit_view, name="plan_submit"),
    path("<int:case_id>/casusoverleg/", views.meeting_record_view, name="meeting_record"),
    path("<int:case_id>/toets/", views.review_record_view, name="review_record"),
    path("<int:case_id>/uitsluiting/", views.exclusion_record_view, name="exclusion_record"),
    path("<int:case_id>/knelpunt/", views.bottleneck_raise_view, name="bottleneck_raise"),
    path(
        "<int:case_id>/knelpunt/<int:bottleneck_id>/opschalen/",
        views.bottleneck_escalate_view,
        name="bottleneck_escalate",
    ),
    path(
        "<int:case_id>/knelpunt/<int:bottleneck_id>/oplossen/",
        views.bottleneck_resolve_view,
        name="bottleneck_resolve",
    ),
]
