from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import RedirectView

from reports import views

urlpatterns = [
    path('accounts/login/', auth_views.LoginView.as_view(), name='login'),
    path('accounts/logout/', auth_views.LogoutView.as_view(next_page='/accounts/login/'), name='logout'),
    path('reports/new/', views.new_report, name='report-new'),
    path('reports/add/', views.quick_add, name='report-add'),
    path('reports/search/', views.search, name='report-search'),
    path('reports/<int:pk>/', views.detail, name='report-detail'),
    path('', RedirectView.as_view(url='/reports/new/')),
]
