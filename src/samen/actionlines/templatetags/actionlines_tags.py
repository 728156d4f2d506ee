"""Badges for traffic lights and line status: colour plus text, never colour alone."""

from django import template
from django.utils.html import format_html

from ..models import ActionLine, ReportVersion

register = template.Library()

LIGHT_CLASSES = {
    ReportVersion.TrafficLight.GREEN: "safe",
    ReportVersion.TrafficLight.ORANGE: "warning",
    ReportVersion.TrafficLight.RED: "danger",
}
STATUS_CLASSES = {
    ActionLine.Status.ACTIVE: "active",
    ActionLine.Status.PAUSED: "warning",
    ActionLine.Status.ENDED: "inactive",
}


@register.simple_tag
def light_badge(value: str):
    """The traffic light of a report as a status badge ("Groen – op koers")."""
    if not value:
        return ""
    return format_html(
        '<span class="utrecht-status-badge utrecht-status-badge--{}" data-light="{}">{}</span>',
        LIGHT_CLASSES.get(value, "neutral"),
        value,
        ReportVersion.TrafficLight(value).label,
    )


@register.simple_tag
def status_badge(value: str):
    """The status of a line as a status badge."""
    return format_html(
        '<span class="utrecht-status-badge utrecht-status-badge--{}">{}</span>',
        STATUS_CLASSES.get(value, "neutral"),
        ActionLine.Status(value).label,
    )
