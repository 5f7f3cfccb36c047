from django.urls import path

from announcements import admin_views

app_name = "announcements_admin"

urlpatterns = [
    path("", admin_views.campaign_list, name="campaigns"),
    path("new/", admin_views.campaign_create, name="campaign_create"),
    path("<int:pk>/", admin_views.campaign_detail, name="campaign"),
    path("<int:pk>/move/", admin_views.campaign_move, name="campaign_move"),
    path("<int:pk>/test/", admin_views.campaign_test, name="campaign_test"),
    path("<int:pk>/preview/<str:language>/", admin_views.campaign_preview, name="campaign_preview"),
    path("<int:pk>/progress.json", admin_views.campaign_progress, name="campaign_progress"),
    path("subscribers/", admin_views.subscriber_list, name="subscribers"),
]
