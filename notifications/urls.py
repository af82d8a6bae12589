from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("account/emails/", views.notification_settings, name="settings"),
    path("emails/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
