"""One module per kind of document; importing this package registers them all.

Every module here is imported, so a new kind is one new file that calls ``register(...)``.
"""

import importlib
import pkgutil

for _info in pkgutil.iter_modules(__path__):
    importlib.import_module("{}.{}".format(__name__, _info.name))
