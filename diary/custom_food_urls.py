from django.urls import path

from . import custom_foods

app_name = "myfoods"

urlpatterns = [
    path("", custom_foods.food_list, name="list"),
    path("new/", custom_foods.food_create, name="new-food"),
    path("new-supplement/", custom_foods.supplement_create, name="new-supplement"),
    path("<int:pk>/", custom_foods.food_edit, name="edit"),
    path("<int:pk>/delete/", custom_foods.food_delete, name="delete"),
]
