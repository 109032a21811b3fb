"""Prints every report as JSON (what the database holds)."""
import json

from django.core.management.base import BaseCommand

from reports.models import Report


class Command(BaseCommand):
    def handle(self, *args, **options):
        rows = [
            {'id': r.pk, 'title': r.title, 'site': r.site, 'visited_on': r.visited_on.isoformat(), 'notes': r.notes, 'author': r.author}
            for r in Report.objects.order_by('pk')
        ]
        self.stdout.write(json.dumps(rows))
