from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from regie.accounts import oidc
from regie.accounts import views as account_views
from regie.web import views
from regie.web.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", account_views.RegieLoginView.as_view(), name="login"),
    path("inloggen/tweede-factor/", account_views.second_factor, name="second_factor"),
    path(
        "inloggen/tweede-factor/instellen/",
        account_views.second_factor_enrol,
        name="second_factor_enrol",
    ),
    path(
        "inloggen/organisatie/",
        oidc.RegieOIDCRequestView.as_view(),
        name="oidc_authentication_init",
    ),
    path(
        "inloggen/organisatie/terug/",
        oidc.RegieOIDCCallbackView.as_view(),
        name="oidc_authentication_callback",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("aanleveringen/", include("regie.deliveries.urls")),
    path("identiteit/", include("regie.identity.urls")),
    path("rondes/", include("regie.rounds.urls")),
    path("dossiers/", include("regie.cases.urls")),
    path("brieven/", include("regie.letters.urls")),
    path("regie/", include("regie.plans.urls")),
    path("privacy/", include("regie.privacy.urls")),
    path("bewaartermijnen/", include("regie.retention.urls")),
    path("api/", api.urls),
    path("beheer/", admin.site.urls),
]
