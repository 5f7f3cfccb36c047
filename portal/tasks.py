from django.utils.module_loading import import_string

from celery import shared_task

from portal import services


@shared_task(name="portal.run_django_task")
def run_django_task(*, module_path, args, kwargs):
    """Run a django-tasks task (queued by Wagtail) inside a Celery worker."""
    task = import_string(module_path)
    task.call(*args, **kwargs)


@shared_task(name="portal.worker_heartbeat", bind=True, ignore_result=True)
def worker_heartbeat(self):
    """Record that a worker is alive and reaches the database (scheduled by beat)."""
    services.worker_heartbeat_record(hostname=self.request.hostname or "unknown")
