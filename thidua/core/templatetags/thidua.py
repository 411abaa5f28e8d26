from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def get_item(mapping, key):
    """Return mapping[key] in a template (a code's Vietnamese name)."""
    return mapping.get(key, key)


@register.simple_tag(takes_context=True)
def nav_current(context, view_name, *sections):
    """Mark the menu entry of the page shown (WCAG 2.4.8): ` aria-current="page"` on the entry's
    own page, ` aria-current="true"` anywhere else in its section (view-name prefixes), else
    nothing."""
    match = getattr(context.get("request"), "resolver_match", None)
    current = match.view_name if match else ""
    if current == view_name:
        return mark_safe(' aria-current="page"')
    if any(current.startswith(section) for section in sections):
        return mark_safe(' aria-current="true"')
    return ""
