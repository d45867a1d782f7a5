from django.urls import path  # noqa: F401 - the activities pages are added here

app_name = "activities"
urlpatterns: list = []
