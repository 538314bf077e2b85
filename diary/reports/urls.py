from django.urls import path, re_path

from . import views

app_name = "reports"

urlpatterns = [
    path("week/", views.week, name="week"),
    # Any YYYY-Www shape reaches the view, which answers 404 for a week the year lacks.
    re_path(r"^week/(?P<isoweek>[0-9]{4}-W[0-9]{2})/$", views.week, name="week-of"),
    path("trend/", views.trend, name="trend"),
    path("export/", views.export, name="export"),
]
