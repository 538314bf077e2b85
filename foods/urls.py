from django.urls import path

from . import views

app_name = "foods"

urlpatterns = [
    path("", views.food_list, name="list"),
    path("<int:pk>-<slug:slug>/", views.food_detail, name="detail"),
    path("<int:pk>/", views.food_detail, name="detail-short"),
    path("about-the-data/", views.about_data, name="about"),
]
