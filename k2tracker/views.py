from django.shortcuts import render
from django.views.decorators.http import require_safe

from foods.models import Food


@require_safe
def home(request):
    catalogue_size = Food.objects.filter(owner__isnull=True, retired=False).count()
    return render(request, "home.html", {"catalogue_size": catalogue_size})
