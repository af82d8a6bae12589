from django.shortcuts import render


def landing(request):
    return render(request, "offers/landing.html")


def comparison_list(request):
    return render(request, "offers/landing.html")


def comparison_detail(request, pk):
    return render(request, "offers/landing.html")
