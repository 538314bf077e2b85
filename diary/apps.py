from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_save


class DiaryConfig(AppConfig):
    name = "diary"
    verbose_name = "Meal diary"

    def ready(self) -> None:
        from .profile.services import create_profile_for_new_user

        post_save.connect(
            create_profile_for_new_user,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="diary.create_profile_for_new_user",
        )
