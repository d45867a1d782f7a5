from django.urls import path

from lantoa.units import views

app_name = "units"
urlpatterns = [
    path("", views.unit_search, name="search"),
    path("<int:pk>/", views.unit_detail, name="detail"),
]
