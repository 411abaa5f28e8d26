"""Official documents (văn bản) generated from the records: editable DOCX and printable PDF.

Each kind of document (the plan, registrations, minutes, decisions…) is one entry in
``registry.KINDS``: a context builder shared by both formats, a docxtpl template per layout and an
HTML template for WeasyPrint. The command ``make_document`` and the download views read it.
"""
