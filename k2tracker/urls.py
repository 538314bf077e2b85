from django.contrib import admin
from django.urls import include, path

from diary.profile.views import PasswordResetView

from . import views

admin.site.site_header = "K2 Tracker administration"
admin.site.site_title = "K2 Tracker admin"

# diary/ has one URL module per part (day, reports, profile, myfoods, backup), each its own
# namespace.
urlpatterns = [
    path("", views.home, name="home"),
    path("foods/", include("foods.urls")),
    path("diary/anticoagulation/", include("diary.anticoagulation.urls")),
    path("diary/", include("diary.day.urls")),
    path("diary/", include("diary.reports.urls")),
    path("accounts/", include("diary.profile.urls")),
    # Before Django's own: the same address and name, throttled, mail after the answer.
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("my-foods/", include("diary.myfoods.urls")),
    path("my-data/", include("diary.backup.urls")),
    path("routines/", include("diary.routines.urls")),
    path("admin/", admin.site.urls),
]
