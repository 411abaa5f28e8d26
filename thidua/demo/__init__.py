"""The demo: the one app above all others, so it alone may import every app's demo data."""
