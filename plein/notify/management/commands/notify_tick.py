"""`plein notify-tick`: send the notification mails that are due. Safe to run as often as you
like (each mail goes out once, however many ticks run at the same time); run it every five
minutes from cron, for example:

    */5 * * * * cd /srv/plein && .venv/bin/plein notify-tick >> var/notify-tick.log 2>&1

It sends thread mails that waited for their hour (one mail per member per thread, a
question or a library resource, per hour, with everything that gathered), and, after 07:00
local time, each member's daily summary once a day."""

from typing import Any

from django.core.management.base import BaseCommand

from plein.notify.delivery import tick


class Command(BaseCommand):
    help = "Send notification mails that are due: throttled thread mails and daily summaries."

    def handle(self, *args: Any, **options: Any) -> None:
        from plein.posts.actions import route_waiting_questions

        # Route questions that waited too long first, so their help requests go out now.
        routed = route_waiting_questions()
        result = tick()
        self.stdout.write(
            f"notify-tick: {routed} waiting question(s) routed, {result.thread_mails} thread "
            f"mail(s), {result.digests} daily summary mail(s) sent"
        )
