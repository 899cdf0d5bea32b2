"""Probable duplicates: the rule, its database lookup and its in-memory index.

``rule`` decides which stored event a row may repeat; ``lookup`` asks the database for
the candidates and ``index`` answers the same questions from memory.
"""
