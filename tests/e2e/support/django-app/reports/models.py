from django.db import models


class Report(models.Model):
    """A field report. Its title is unique: two reports cannot have the same one."""
    title = models.CharField(max_length=120, unique=True)
    site = models.CharField(max_length=120)
    visited_on = models.DateField()
    notes = models.TextField(blank=True)
    author = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.title
