from django.urls import path

from sponsors import views

urlpatterns = [
    path("", views.sponsors_page, name="sponsors"),
    path("become-a-sponsor/", views.inquiry, name="sponsor_inquiry"),
    path("become-a-sponsor/thanks/", views.inquiry_thanks, name="sponsor_inquiry_thanks"),
    path("contributors/", views.contributors, name="contributors"),
]
