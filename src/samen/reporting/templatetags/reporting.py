from django import template

from samen.reporting.tables import Suppressed, format_cell

register = template.Library()


@register.simple_tag
def cell(value, column):
    """A table cell as it reads on the page (Dutch number formats, "<10" for suppressed)."""
    return format_cell(value, column)


@register.filter
def is_suppressed(value) -> bool:
    return isinstance(value, Suppressed)


@register.simple_tag(takes_context=True)
def download_url(context, fmt, **extra):
    """The current page's query string with ``format`` (and ``extra``) set."""
    query = context["request"].GET.copy()
    query["format"] = fmt
    for key, value in extra.items():
        query[key] = value
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def with_query(context, **params):
    query = context["request"].GET.copy()
    for key, value in params.items():
        query[key] = value
    query.pop("format", None)
    return "?" + query.urlencode()


@register.filter
def with_columns(row, columns):
    """Pairs (value, column) of a table row, for ``{% for value, column in row|with_columns:... %}``."""
    return list(zip(row, columns, strict=False))
