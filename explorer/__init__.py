"""explorer: an offline entity-relationship explorer for news."""

__version__ = "0.1.0"
