from django.urls import path

from sigs import views

app_name = "sigs"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("proposals/", views.my_proposals, name="my_proposals"),
    path("proposals/new/", views.edit, name="new"),
    path("proposals/<int:pk>/", views.proposal, name="proposal"),
    path("proposals/<int:pk>/edit/", views.edit, name="edit"),
    path("proposals/<int:pk>/move/", views.move, name="move"),
    path("proposals/<int:pk>/review/", views.review, name="review"),
    path("proposals/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("proposals/<int:pk>/questions/", views.ask, name="ask"),
    path("proposals/<int:pk>/comments/open/", views.open_comments, name="open_comments"),
    path("proposals/<int:pk>/public/", views.public, name="public"),
    path("proposals/<int:pk>/comments/<int:comment_pk>/hide/", views.hide_comment, name="hide_comment"),
    path("review/", views.queue, name="queue"),
    # Last: a SIG's own page (slugs never take the names above, see sig_create).
    path("<slug:slug>/", views.sig, name="sig"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/manage/", views.manage, name="manage"),
]
