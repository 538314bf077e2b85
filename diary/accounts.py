from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


def signup(request):
    # Placeholder until accounts land (issue 4).
    return HttpResponse("Sign-up is coming.")


@login_required
def profile(request):
    return HttpResponse("Profile is coming.")
