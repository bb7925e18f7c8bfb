from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from regie.web import views
from regie.web.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("aanleveringen/", include("regie.deliveries.urls")),
    path("identiteit/", include("regie.identity.urls")),
    path("rondes/", include("regie.rounds.urls")),
    path("dossiers/", include("regie.cases.urls")),
    path("brieven/", include("regie.letters.urls")),
    path("regie/", include("regie.plans.urls")),
    path("api/", api.urls),
    path("beheer/", admin.site.urls),
]
