"""Creates a report directly in the database (as another user or process would meanwhile)."""
import json

from django.core.management.base import BaseCommand

from reports.models import Report


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument('--title', required=True)
        parser.add_argument('--site', default='Pump station 4')
        parser.add_argument('--visited-on', default='2024-03-01')
        parser.add_argument('--author', default='someone-else')

    def handle(self, *args, **options):
        report = Report.objects.create(title=options['title'], site=options['site'], visited_on=options['visited_on'], author=options['author'])
        self.stdout.write(json.dumps({'id': report.pk}))
