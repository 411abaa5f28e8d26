"""Word layouts of the later document kinds, one module each (see build_templates.layouts)."""
