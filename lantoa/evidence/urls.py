from django.urls import path

from lantoa.evidence import views

app_name = "evidence"
urlpatterns = [
    path("canh-bao/<int:pk>/da-kiem-tra/", views.check_flag, name="check_flag"),
]
