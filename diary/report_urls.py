from django.urls import path

from . import reports

app_name = "reports"

urlpatterns = [
    path("week/", reports.week, name="week"),
]
