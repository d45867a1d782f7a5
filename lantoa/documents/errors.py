"""Errors the reader raises; every message is meant for the person who uploaded the file."""


class DocumentError(Exception):
    """A file could not be read as a directive (wrong type, damaged, encrypted, too large…)."""
