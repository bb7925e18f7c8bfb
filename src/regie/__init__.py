"""Regie: the information system of a Zorg- en Veiligheidshuis."""

__version__ = "0.1.0"
