"""Reports about a publication for the people who sign it off (the claims matrix)."""
