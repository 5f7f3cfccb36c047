"""Read one mail from standard input and unsubscribe the address whose token
its subject carries: the mailto of List-Unsubscribe.

Deliver the unsubscribe address to it, e.g. with a Postfix alias:
    unsubscribe: "|/srv/portal/.venv/bin/python /srv/portal/manage.py unsubscribe_by_mail"
"""

import email
import email.policy
import re
import sys

from django.core.management.base import BaseCommand

from announcements import services, tokens

TOKEN = re.compile(r"unsubscribe\s+(\S+)", re.IGNORECASE)


class Command(BaseCommand):
    help = "Unsubscribe the address named by the token in a mail's subject (mail on standard input)."

    def handle(self, *args, **options):
        message = email.message_from_binary_file(sys.stdin.buffer, policy=email.policy.default)
        found = TOKEN.search(str(message.get("Subject", "")))
        if not found:
            self.stderr.write("no unsubscribe token in the subject")
            return
        try:
            subscriber = tokens.from_manage_token(found.group(1))
        except tokens.Invalid:
            self.stderr.write("the token is not valid")
            return
        services.unsubscribe(subscriber=subscriber)
        self.stdout.write(f"unsubscribed subscriber {subscriber.pk}")
