from django.urls import path

from sponsors import admin_views as views

app_name = "sponsors_admin"

urlpatterns = [
    path("", views.sponsor_list, name="sponsors"),
    path("add/", views.sponsor_create, name="sponsor_add"),
    path("<int:pk>/", views.sponsor_detail, name="sponsor"),
    path("<int:pk>/publish/", views.sponsor_publish, name="sponsor_publish"),
    path("<int:pk>/delete/", views.sponsor_delete, name="sponsor_delete"),
    path("levels/", views.level_list, name="levels"),
    path("levels/add/", views.level_edit, name="level_add"),
    path("levels/<int:pk>/", views.level_edit, name="level"),
    path("levels/<int:pk>/delete/", views.level_delete, name="level_delete"),
    path("inquiries/", views.inquiry_list, name="inquiries"),
    path("inquiries/<int:pk>/", views.inquiry_detail, name="inquiry"),
]
