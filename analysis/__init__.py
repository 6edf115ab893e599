"""Helpers for the curated Morocco–US security-cooperation event table (Al-Araby Al-Jadeed, 8 May 2022)."""
