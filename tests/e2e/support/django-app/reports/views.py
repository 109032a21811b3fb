from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from .forms import ReportForm
from .models import Report


def _save(request, form):
    report = form.save(commit=False)
    report.author = request.user.username
    report.save()
    request.report_outcome = 'created'
    return report


@login_required
def new_report(request):
    """The usual Django way: a valid POST redirects to the new report; an invalid one shows the form again."""
    form = ReportForm(request.POST or None)
    if request.method == 'POST':
        if form.is_valid():
            report = _save(request, form)
            return redirect('report-detail', pk=report.pk)
        request.report_outcome = 'invalid'
    return render(request, 'reports/form.html', {'form': form, 'heading': 'New report'})


@login_required
def quick_add(request):
    """Answers a valid POST itself (200, no redirect): the new report's number and an empty form to add another."""
    if request.method == 'POST':
        form = ReportForm(request.POST)
        if form.is_valid():
            report = _save(request, form)
            return render(request, 'reports/added.html', {'report': report, 'form': ReportForm()})
        request.report_outcome = 'invalid'
    else:
        form = ReportForm()
    return render(request, 'reports/form.html', {'form': form, 'heading': 'Quick report'})


@login_required
def detail(request, pk):
    return render(request, 'reports/detail.html', {'report': get_object_or_404(Report, pk=pk)})


@login_required
def search(request):
    query = request.GET.get('q', '')
    found = Report.objects.filter(title__icontains=query) if query else Report.objects.none()
    return render(request, 'reports/search.html', {'query': query, 'found': found})
