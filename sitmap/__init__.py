"""The workflows that need both the event data and geography.

Import (with place filling), the briefing, the seed, synthetic data and the command line.
They sit above ``geo`` and ``events`` and below the screen (``ui``, ``app.py``).
"""
