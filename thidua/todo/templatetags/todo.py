"""The home page's "Việc cần làm": the core app's home template loads this tag, so the list is
the todo app's own and core imports none of it (tests/unit/test_layers.py)."""

from django import template

from thidua.todo.items import todo_for

register = template.Library()


@register.inclusion_tag("todo/list.html", takes_context=True)
def todo_list(context):
    user = context["request"].user
    return {"items": todo_for(user), "user": user}
