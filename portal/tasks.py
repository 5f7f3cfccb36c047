from django.utils.module_loading import import_string

from celery import shared_task


@shared_task(name="portal.run_django_task")
def run_django_task(*, module_path, args, kwargs):
    """Run a django-tasks task (queued by Wagtail) inside a Celery worker."""
    task = import_string(module_path)
    task.call(*args, **kwargs)
