"""Commitments measured: compliance, GDP assumptions, paths to a target, scenarios, and
Monte Carlo uncertainty.

Pure domain modules (``compliance``, ``gdp``, ``paths``, ``scenarios``, ``simulation``)
take DataFrames, rules and plain values; ``loader`` is the only module that reads files.
The facade that fetches data and calls them is :mod:`burdenshare.api.targets`.
"""
