"""
Test instrumentation, not part of what the app does: every request as one JSON line (method, path,
the POST fields, the user, the status answered, and what the view did with the form), so that a
test can say exactly what the server received.
"""
import json
import threading

from django.conf import settings

_lock = threading.Lock()


class RequestLog:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        entry = {'method': request.method, 'path': request.get_full_path()}
        if request.method == 'POST':
            entry['post'] = {key: request.POST.getlist(key) for key in request.POST if key != 'password'}
        response = self.get_response(request)
        user = getattr(request, 'user', None)
        entry['user'] = user.username if user is not None and user.is_authenticated else None
        entry['status'] = response.status_code
        entry['location'] = response.get('Location')
        entry['outcome'] = getattr(request, 'report_outcome', None)
        if settings.REQUEST_LOG:
            with _lock, open(settings.REQUEST_LOG, 'a', encoding='utf-8') as log:
                log.write(json.dumps(entry) + '\n')
        return response
