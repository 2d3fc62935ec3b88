"""The one error hierarchy of the package.

Every message names the file and says what the user can do about it. The edges
(CLI, batch, web) turn these into exit codes or HTTP answers; nothing inside
the package prints a traceback for an input problem.
"""

from __future__ import annotations

from pathlib import Path


class ReviewerError(Exception):
    """Base class: an input, usage or configuration problem a user can act on."""

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.reason = message
        super().__init__(f"{Path(self.path).name}: {message}" if self.path else message)


class InputError(ReviewerError):
    """The contract file cannot be read as a contract."""


class UnsupportedFormatError(InputError):
    """The file's content is not PDF, DOCX or text (judged by content)."""


class EmptyDocumentError(InputError):
    """The file is empty or holds no text at all."""


class CorruptFileError(InputError):
    """The file is truncated or damaged."""


class EncryptedFileError(InputError):
    """The file is password-protected."""


class NeedsOcrError(InputError):
    """A PDF without a text layer (scanned)."""


class ResourceLimitError(InputError):
    """The file exceeds a size, ratio, element-count, nesting or time limit."""


class DecodingError(InputError):
    """A text file whose encoding cannot be determined."""


class UnsupportedLanguageError(InputError):
    """The text is in a language the playbook has no cues for (or in none recognised)."""


class TooLittleTextError(InputError):
    """Too few words to be a contract: reviewing it would report everything missing."""


class LibraryError(ReviewerError):
    """The clause library (playbook) is invalid: message names file and key."""


class ModelError(ReviewerError):
    """The trained model artifact is missing, unsafe or disagrees with the library."""
