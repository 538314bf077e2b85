from django.urls import path, re_path

from . import views

app_name = "routines"

DAY = r"(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})"  # ASCII digits: \d matches any script's

urlpatterns = [
    path("", views.index, name="index"),
    re_path(rf"^day/{DAY}/save-meal/$", views.save_meal, name="save-meal"),
    re_path(rf"^day/{DAY}/log-meal/$", views.log_saved_meal, name="log-meal"),
    re_path(rf"^day/{DAY}/recipe-from-meal/$", views.meal_as_recipe, name="meal-as-recipe"),
    re_path(rf"^day/{DAY}/doses/(?P<pk>[0-9]{{1,18}})/$", views.dose, name="dose"),
    path("meals/<int:pk>/delete/", views.saved_meal_delete, name="saved-meal-delete"),
    path("recipes/new/", views.recipe_new, name="recipe-new"),
    path("recipes/<int:pk>/", views.recipe, name="recipe"),
    path("recipes/<int:pk>/edit/", views.recipe_edit, name="recipe-edit"),
    path("recipes/<int:pk>/update-entries/", views.recipe_update_entries, name="recipe-update"),
    path("recipes/<int:pk>/delete/", views.recipe_delete, name="recipe-delete"),
    path("schedules/new/", views.schedule_new, name="schedule-new"),
    path("schedules/<int:pk>/", views.schedule_edit, name="schedule-edit"),
]
