from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """Return mapping[key] in a template (a code's Vietnamese name)."""
    return mapping.get(key, key)
