from django import template

register = template.Library()


@register.filter
def person_name(user) -> str:
    """Vietnamese order: họ (last_name) then tên (first_name): "Nguyễn Thị Lan"."""
    full = f"{user.last_name} {user.first_name}".strip()
    return full or user.get_username()
