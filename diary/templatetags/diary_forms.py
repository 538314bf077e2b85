"""{% submission_field %}: a hidden, fresh token per rendered form, so a form sent twice (a
double click, a retried request) is carried out once (diary.day.services.submitted_once)."""

import uuid

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def submission_field() -> str:
    return format_html('<input type="hidden" name="submission" value="{}">', uuid.uuid4())
