"""Decoding tables (package data)."""
