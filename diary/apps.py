from django.apps import AppConfig
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import post_save


class DiaryConfig(AppConfig):
    name = "diary"
    verbose_name = "Meal diary"

    def ready(self) -> None:
        from .profile.signals import create_profile_for_new_user, log_failed_sign_in

        post_save.connect(
            create_profile_for_new_user,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="diary.create_profile_for_new_user",
        )
        user_login_failed.connect(log_failed_sign_in, dispatch_uid="diary.log_failed_sign_in")
