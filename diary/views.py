from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET


@login_required
@require_GET
def today(request):
    # Placeholder until the diary lands (issue 4).
    return render(request, "diary/day.html")
