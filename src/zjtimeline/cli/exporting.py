"""The export commands."""
