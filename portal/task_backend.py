"""A django-tasks backend that hands Wagtail's background work to Celery.

Wagtail 8 queues its own work (reference index updates, image renditions)
through django-tasks. Its default backend runs the work inside the request;
this one queues a Celery task after the transaction commits, so the web
process answers at once and the same workers that send our mail do the work.
"""

from django.db import transaction
from django.utils import timezone

from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id


class CeleryTaskBackend(BaseTaskBackend):
    supports_defer = False
    supports_async_task = False
    supports_get_result = False
    supports_priority = True

    def enqueue(self, task, args, kwargs):
        from portal.tasks import run_django_task

        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=list(args),
            kwargs=dict(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        module_path = task.module_path
        transaction.on_commit(
            lambda: run_django_task.delay(module_path=module_path, args=list(args), kwargs=dict(kwargs)),
            robust=True,
        )
        return result
