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


@shared_task(name="portal.publish_scheduled", ignore_result=True)
def publish_scheduled():
    """Publish and unpublish pages whose scheduled time has come (Wagtail's
    `publish_scheduled` command), every minute from beat: no cron needed."""
    from django.core.management import call_command

    call_command("publish_scheduled", verbosity=0)
