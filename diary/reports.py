from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def week(request):
    # Placeholder until the week page lands (issue 5).
    return HttpResponse("The week page is coming.")
