from django.urls import path

from lantoa.activities import offline, views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("ghi/", views.activity_create, name="create"),
    path("gui/", offline.capture, name="capture"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/sua/", views.activity_edit, name="edit"),
    path("<int:pk>/xoa/", views.activity_delete, name="delete"),
    path("<int:pk>/tinh-vao-bao-cao/", views.activity_counting, name="counting"),
    path("<int:pk>/them-minh-chung/", views.evidence_add, name="evidence_add"),
    path("minh-chung/<int:pk>/", views.evidence_file, name="evidence"),
    path("minh-chung/<int:pk>/xoa/", views.evidence_delete, name="evidence_delete"),
]
