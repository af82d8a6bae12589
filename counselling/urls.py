from django.urls import path

from counselling import views

app_name = "counselling"

urlpatterns = [
    path("sharing/", views.sharing, name="sharing"),
    path("sharing/<int:pk>/revoke/", views.access_revoke, name="access-revoke"),
    path("notes/<int:pk>/hide/", views.note_hide, name="note-hide"),
    path("notes/<int:pk>/reply/", views.note_reply, name="note-reply"),
    path("counsellor/clients/", views.client_list, name="client-list"),
    path("counsellor/clients/<int:pk>/", views.client_detail, name="client-detail"),
    path("counsellor/clients/<int:pk>/report/", views.client_report, name="client-report"),
    path("counsellor/comparisons/<int:pk>/", views.client_comparison, name="comparison"),
    path(
        "counsellor/comparisons/<int:pk>/export.csv",
        views.client_comparison_export,
        name="comparison-export",
    ),
    path(
        "counsellor/comparisons/<int:pk>/report/",
        views.client_comparison_report,
        name="comparison-report",
    ),
    path("counsellor/comparisons/<int:pk>/notes/", views.note_create, name="note-create"),
    path("counsellor/notes/<int:pk>/edit/", views.note_update, name="note-update"),
    path("counsellor/notes/<int:pk>/delete/", views.note_delete, name="note-delete"),
    path(
        "counsellor/notes/<int:pk>/reply/",
        views.counsellor_note_reply,
        name="counsellor-note-reply",
    ),
]
