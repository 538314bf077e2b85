from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "K2 Tracker administration"
admin.site.site_title = "K2 Tracker admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("foods/", include("foods.urls")),
    path("diary/", include("diary.urls")),
    path("diary/", include("diary.report_urls")),
    path("accounts/", include("diary.account_urls")),
    path("my-foods/", include("diary.custom_food_urls")),
    path("admin/", admin.site.urls),
]
