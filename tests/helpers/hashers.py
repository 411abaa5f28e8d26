"""A cheap Argon2 for the tests: the same algorithm and hash format as production's (a test can
still see "argon2" in a stored password) with the smallest costs, so a sign-in in a browser test
and the demo's accounts cost microseconds instead of half a second each."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 8
    parallelism = 1
