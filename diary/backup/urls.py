from django.urls import path

from . import views

app_name = "backup"

urlpatterns = [
    path("", views.home, name="home"),
    path("download/", views.download, name="download"),
    path("restore/", views.restore, name="restore"),
    path("delete-account/", views.delete_account, name="delete_account"),
]
