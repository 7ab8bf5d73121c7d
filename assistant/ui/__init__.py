"""The Streamlit page, in parts: `page.main` composes them; `app.py` only calls it."""
