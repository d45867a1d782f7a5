from django.urls import path

from lantoa.jobs import views

app_name = "jobs"
urlpatterns = [
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/trang-thai/", views.job_status, name="status"),
    path("<int:pk>/thu-lai/", views.job_retry, name="retry"),
]
