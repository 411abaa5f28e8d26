"""Shared helpers with no models: text, environment, permissions plumbing, view base classes."""
