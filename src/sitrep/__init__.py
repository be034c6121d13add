"""sitrep: conflict news in, a situation picture with evidence out.

Read `pipeline.py` first: it lists, in order, what happens to an article.
"""

__version__ = "0.1.0"
