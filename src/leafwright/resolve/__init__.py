"""Resolve: statistics, citation numbers and note markers, in one pure pass before layout."""
