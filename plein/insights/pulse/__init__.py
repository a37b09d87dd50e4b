"""Pulse surveys: short anonymous surveys a community manager sends to an audience, the
answers, and the results shown only for groups big enough (see
plein/insights/models/pulse.py for how the data keeps who apart from what)."""
