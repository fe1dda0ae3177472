"""Learning extraction from annotated corpora."""
