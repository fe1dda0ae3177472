"""What explorer learns from annotated data: the public corpora it is trained and measured on."""
