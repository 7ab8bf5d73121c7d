"""Lifecycle Assistant — the Streamlit page. Layout lives in `assistant/ui/`; the work happens in `assistant/`."""

from assistant.ui import page

page.main()
