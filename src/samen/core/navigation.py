"""The main menu. Each module registers its entries from its AppConfig.ready()."""

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    permission: str | None
    order: int


_items: dict[str, NavItem] = {}


def register(label, url_name: str, permission: str | None = None, order: int = 100) -> None:
    """Show ``label`` (linking to ``url_name``) to users who hold ``permission`` (None: everyone)."""
    _items[url_name] = NavItem(label, url_name, permission, order)


def items() -> list[NavItem]:
    return sorted(_items.values(), key=lambda item: item.order)
