"""Errors that end a command with exit code 2 and one line on stderr."""


class MailcheckError(Exception):
    """Bad input, config or option: the message names the file and the problem."""

    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class InputError(MailcheckError):
    pass


class ConfigError(MailcheckError):
    pass


class TooLong(InputError):
    """Input over a size limit: checking it was refused, not impossible (sendmail holds it)."""
