from django.urls import reverse

from .navigation import items


def _matches(path: str, url: str) -> bool:
    """Whether the page at ``path`` lies under the menu entry at ``url`` ("/" only itself)."""
    return path == url if url == "/" else path.startswith(url)


def navigation(request):
    """The main menu entries this user may use, with the current one marked.

    Entries can nest (Platformbijeenkomsten at /actielijnen/bijeenkomsten/ lies under Actielijnen
    at /actielijnen/): the entry with the longest matching URL is the current one, so at most one
    entry is marked.
    """
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"navigation": []}
    path = request.path
    entries = []
    for item in items():
        if item.permission and not user.has_perm(item.permission):
            continue
        entries.append({"label": item.label, "url": reverse(item.url_name), "current": False})
    matching = [entry for entry in entries if _matches(path, entry["url"])]
    if matching:
        max(matching, key=lambda entry: len(entry["url"]))["current"] = True
    return {"navigation": entries}
