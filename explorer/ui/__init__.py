"""The Streamlit app: `app.py` is the entry point, one module per page under `pages/`."""
