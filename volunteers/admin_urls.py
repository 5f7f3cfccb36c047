from django.urls import path

from volunteers import admin_views as views

app_name = "volunteers_admin"

urlpatterns = [
    path("", views.application_list, name="applications"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("teams/", views.team_list, name="teams"),
    path("teams/add/", views.team_edit, name="team_add"),
    path("teams/<int:pk>/", views.team_edit, name="team"),
]
