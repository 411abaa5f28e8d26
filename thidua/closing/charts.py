"""The year-end report's charts, drawn with matplotlib (Agg: no display) as one PNG shown by
both the DOCX and the PDF; text in the vendored Liberation Serif (Vietnamese glyphs)."""

import base64
import io
from functools import cached_property
from pathlib import Path

from django.conf import settings

FONT = Path(settings.PACKAGE_DIR) / "static" / "fonts" / "LiberationSerif-Regular.ttf"
_ready = False


def _pyplot():
    global _ready
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    if not _ready:
        font_manager.fontManager.addfont(str(FONT))
        _ready = True
    return plt


class Chart:
    """A bar chart: labels, one or two series, drawn once per format when first asked for."""

    def __init__(self, title, labels, series, *, unit="", width_mm=160):
        self.title, self.labels, self.series, self.unit = title, labels, series, unit
        self.width_mm = width_mm

    def _figure(self):
        plt = _pyplot()
        with plt.rc_context({"font.family": "Liberation Serif", "font.size": 9}):
            figure, axes = plt.subplots(figsize=(self.width_mm / 25.4, 2.6))
            count = max(len(self.series), 1)
            width = 0.8 / count
            positions = range(len(self.labels))
            for index, (name, values) in enumerate(self.series):
                axes.bar([p + index * width - 0.4 + width / 2 for p in positions], values,
                         width, label=name)  # fmt: skip
            axes.set_xticks(list(positions), self.labels)
            axes.set_title(self.title)
            if self.unit:
                axes.set_ylabel(self.unit)
            if len(self.series) > 1:
                axes.legend(fontsize=8)
            axes.spines[["top", "right"]].set_visible(False)
            figure.tight_layout()
            return plt, figure

    def _render(self, fmt: str, **options) -> bytes:
        plt, figure = self._figure()
        out = io.BytesIO()
        try:
            figure.savefig(out, format=fmt, **options)
        finally:
            plt.close(figure)
        return out.getvalue()

    @cached_property
    def png(self) -> bytes:
        return self._render("png", dpi=200)

    @property
    def data_uri(self) -> str:
        """Return the PNG as the data: URL the PDF's HTML shows (documents.render lets only
        this kind of URL through)."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")
