"""Creates the users the tests sign in with: seed_users name:password ..."""
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument('users', nargs='+')

    def handle(self, *args, **options):
        for spec in options['users']:
            name, password = spec.split(':', 1)
            User.objects.create_user(username=name, password=password)
