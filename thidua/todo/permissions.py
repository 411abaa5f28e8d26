"""Object permissions of the to-do list: each user sets their own reminder preference."""

import rules

from thidua.organization.permissions import signed_in


@rules.predicate
def is_own_preference(user, preference):
    return preference is not None and preference.user_id == user.pk


rules.add_perm("todo.change_reminderpreference", signed_in & is_own_preference)
