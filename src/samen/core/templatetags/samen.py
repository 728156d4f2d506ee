from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def in_minutes(duration: timedelta | None) -> int:
    """Whole minutes of a duration, rounded up (a lock of 29.5 minutes is announced as 30)."""
    if not duration:
        return 0
    seconds = int(duration.total_seconds())
    return -(-seconds // 60)
