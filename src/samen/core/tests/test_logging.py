import logging

from samen.core.logging import ScrubBSNFilter, scrub_bsn


def test_valid_bsn_is_masked_other_numbers_stay():
    # 111222333 passes the 11-proof; 123456789 does not; 10 digits are no BSN.
    assert (
        scrub_bsn("bsn 111222333 en 123456789 en 1112223334")
        == "bsn ********* en 123456789 en 1112223334"
    )


def test_filter_scrubs_messages_arguments_and_tracebacks():
    record = logging.LogRecord(
        "samen", logging.ERROR, __file__, 1, "Fout bij %s", ("111222333",), None
    )
    ScrubBSNFilter().filter(record)
    assert record.getMessage() == "Fout bij *********"
    try:
        raise ValueError("ongeldige inwoner 111222333")
    except ValueError:
        import sys

        record = logging.LogRecord("samen", logging.ERROR, __file__, 1, "crash", (), sys.exc_info())
    ScrubBSNFilter().filter(record)
    assert "111222333" not in record.exc_text and "*********" in record.exc_text
    assert "111222333" not in logging.Formatter().format(record)
