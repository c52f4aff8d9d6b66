"""kg: an offline knowledge graph over AI paper summaries.

>>> import kg
>>> isinstance(kg.__version__, str)
True
"""

__version__ = "0.1.0"
