"""Developer scripts, run as modules from the project folder (python -m scripts.<name>)."""
