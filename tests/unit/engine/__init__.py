"""Tests of briefgen, mirroring its package."""
