"""The review engine: the one core behind the CLI, batch runner and web app."""

from reviewer.engine.review import ReviewEngine

__all__ = ["ReviewEngine"]
