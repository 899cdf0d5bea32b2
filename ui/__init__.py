"""The screen's Streamlit pieces. Only this package and app.py import streamlit."""
