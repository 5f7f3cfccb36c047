from django.urls import path

from localization import views

app_name = "localization"
urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("page/<int:page_id>/<str:language>/start/", views.page_start, name="page_start"),
    path("page/<int:page_id>/<str:language>/sync/", views.page_sync, name="page_sync"),
    path("page/<int:page_id>/<str:language>/changes/", views.page_changes, name="page_changes"),
    path("record/<int:content_type_id>/<str:object_id>/<str:language>/", views.record, name="record"),
]
