"""The pure core of pb: plain Python, no Flask, no SQLAlchemy.

Money arithmetic, ballot and sign-in codes, tally rules and file formats live here so that they can
be unit-tested and benchmarked alone. ``tests/unit/test_purity.py`` keeps it that way.
"""
