from django.urls import path

from . import views

app_name = "myfoods"

urlpatterns = [
    path("", views.food_list, name="list"),
    path("new/", views.food_create, name="new-food"),
    path("new-supplement/", views.supplement_create, name="new-supplement"),
    path("<int:pk>/", views.food_edit, name="edit"),
    path("<int:pk>/delete/", views.food_delete, name="delete"),
]
