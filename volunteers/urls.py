from django.urls import path

from volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("", views.get_involved, name="get_involved"),
    path("join/", views.join, name="join"),
    path("me/", views.me, name="me"),
    path("me/data.json", views.my_data, name="my_data"),
    path("me/delete/", views.delete_account, name="delete_account"),
    path("me/applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("teams/<slug:slug>/", views.team, name="team"),
    path("teams/<slug:slug>/applications/", views.lead_queue, name="lead_queue"),
    path("teams/<slug:slug>/applications/<int:pk>/decide/", views.decide, name="decide"),
]
