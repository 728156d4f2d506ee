import logging
import re

from stdnum.nl import bsn

_NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")


def scrub_bsn(text: str) -> str:
    """Replace every 9-digit number that passes the BSN 11-proof by a mask."""
    return _NINE_DIGITS.sub(lambda m: "*********" if bsn.is_valid(m.group()) else m.group(), text)


class ScrubBSNFilter(logging.Filter):
    """Keeps BSNs out of the logs and error reports (message, arguments and tracebacks)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        scrubbed = scrub_bsn(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub_bsn(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = scrub_bsn(record.exc_text)
        return True
