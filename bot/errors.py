"""The one base of the errors a user can fix: bad settings, an unusable store, a bad command line.

`segur-bot` prints them as one line and exits with code 2, never with a traceback. (The data
packages raise knowledge.validation.DataError, which cannot depend on bot/; the command line
prints it the same way.)
"""

from __future__ import annotations


class UserError(Exception):
    """An error the message explains to the user, with what to do about it."""


class CliError(UserError):
    """A user error on the command line (a missing token for `segur-bot telegram`, ...)."""
