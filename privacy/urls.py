from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/my-data.json", views.data_export, name="data-export"),
    path("account/delete/", views.account_delete, name="account-delete"),
]
