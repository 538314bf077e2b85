"""Sign-in by user name and password (Django's ModelBackend); the signed-in user of each request
comes with their profile in the same query, since nearly every page reads it (profile_get)."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User


class ProfileModelBackend(ModelBackend):
    def get_user(self, user_id: int) -> User | None:
        user = User._default_manager.select_related("profile").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
