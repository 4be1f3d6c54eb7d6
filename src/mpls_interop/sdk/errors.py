"""Errors that the CLI turns into one clear line and exit code 2."""

from __future__ import annotations


class InputError(Exception):
    """Bad input (inventory, intent, CLI argument, device reply): one line naming where."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}" if where else message)
