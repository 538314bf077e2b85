from django.urls import path

from . import views

app_name = "anticoagulation"

urlpatterns = [
    path("", views.index, name="index"),
    path("settings/", views.settings_page, name="settings"),
    path("log/", views.log, name="log"),
    path("log/undo/", views.record_undo, name="undo"),
    path("log/<str:kind>/add/", views.record_add, name="add"),
    path("log/<str:kind>/<int:pk>/", views.record_edit, name="edit"),
    path("log/<str:kind>/<int:pk>/delete/", views.record_delete, name="delete"),
    path("report/", views.report, name="report"),
    path("report/share/", views.share_create, name="share"),
    path("report/share/<int:pk>/revoke/", views.share_revoke, name="revoke"),
    path("shared/<str:token>/", views.shared, name="shared"),
]
