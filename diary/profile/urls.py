from django.urls import path

from . import views

app_name = "profile"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="edit"),
    path("profile/check-email/", views.resend_email_check, name="resend_email_check"),
    path("verify-email/<str:token>/", views.verify_email, name="verify_email"),
]
