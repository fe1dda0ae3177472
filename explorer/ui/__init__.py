"""The Streamlit app: `app.py` is the entry point, `shell.py` runs a page, one module per page under `views/`.

Only presentation lives here. What a page reads comes from the store (`explorer/store/`), what it changes
from `explorer/curate.py`, measures from `explorer/analysis.py`; see the guide in `views/__init__.py`.
"""
