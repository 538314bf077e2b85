from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from .models import Food


@require_GET
def food_list(request):
    # Placeholder until the catalogue pages land (issue 3).
    return render(request, "foods/food_list.html", {"foods": Food.objects.none()})


@require_GET
def food_detail(request, pk, slug=None):
    food = get_object_or_404(Food.objects.visible_to(request.user), pk=pk)
    if slug != food.slug:
        return redirect(food, permanent=True)
    return render(request, "foods/food_detail.html", {"food": food})


@require_GET
def about_data(request):
    return render(request, "foods/about.html")
