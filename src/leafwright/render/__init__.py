"""Render: PDF bytes for the print or screen variant, written atomically."""
