"""The bench's measures, each against a naive approach in the same run; one module a step.

Every measure takes an event frame or a store and returns a list of
:class:`~bench.measures.figures.Figure`: ``store_load``, ``window_filter``, ``deck``,
``briefing``, ``imports`` and ``map_browser``, with what they share in ``figures``.  Nothing
here asserts a target: ``bench/run.py`` compares.
"""
