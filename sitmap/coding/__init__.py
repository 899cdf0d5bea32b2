"""Coding from reports: draft events from a report's running text (``sitmap code``).

The engine is pure: text in, :class:`~sitmap.coding.drafts.Draft` values out, nothing
written anywhere.  Each module does one part of an ACLED coder's reading:

- :mod:`~sitmap.coding.text` — sentences, words and the script of each;
- :mod:`~sitmap.coding.morphology` — pymorphy3's inflected forms of names and lemmas;
- :mod:`~sitmap.coding.places` — gazetteer places named in the text, homonyms left open;
- :mod:`~sitmap.coding.dates` — the days an event may have happened on;
- :mod:`~sitmap.coding.kinds` — ACLED event and sub-event types from verbs and weapons;
- :mod:`~sitmap.coding.actors` — actors from the alias table, and named units;
- :mod:`~sitmap.coding.deaths` — fatalities by ACLED's conventions;
- :mod:`~sitmap.coding.drafts` — one draft per event, notes in the coder's own words.

See docs/coding.md for the rules and their limits.
"""
