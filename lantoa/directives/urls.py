from django.urls import path  # noqa: F401 - the directives pages are added here

app_name = "directives"
urlpatterns: list = []
