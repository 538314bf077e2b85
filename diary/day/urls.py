from django.urls import path, re_path

from . import views

app_name = "day"

DAY = r"(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})"  # ASCII digits: \d matches any script's

urlpatterns = [
    path("", views.today, name="today"),
    re_path(rf"^{DAY}/$", views.day_page, name="day"),
    re_path(rf"^{DAY}/add/$", views.add_entry, name="add"),
    re_path(rf"^{DAY}/copy/$", views.copy_entries, name="copy"),
    re_path(rf"^{DAY}/favourites/(?P<food_pk>[0-9]{{1,18}})/$", views.favourite, name="favourite"),
    path("entries/<int:pk>/", views.edit_entry, name="edit"),
    path("entries/<int:pk>/delete/", views.delete_entry, name="delete"),
    path("entries/<int:pk>/refresh/", views.refresh_entry, name="refresh"),
    path("undo/", views.undo_delete, name="undo"),
    path("search/", views.search, name="search"),
    path("units/", views.units, name="units"),
    path("preview/", views.preview, name="preview"),
]
