import json
import logging

from newsroom.logs import JsonLineFormatter


def test_log_record_is_one_json_line_with_extra_fields():
    record = logging.makeLogRecord(
        {"name": "newsroom", "levelname": "INFO", "msg": "purged %s", "args": ("home",)}
    )
    record.keys = ["home"]
    line = JsonLineFormatter().format(record)
    assert "\n" not in line
    event = json.loads(line)
    assert event["message"] == "purged home"
    assert event["level"] == "INFO"
    assert event["keys"] == ["home"]


def test_exception_is_kept_inside_the_single_line():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.makeLogRecord({"msg": "failed", "exc_info": __import__("sys").exc_info()})
    line = JsonLineFormatter().format(record)
    assert "\n" not in line
    assert "ValueError: boom" in json.loads(line)["exception"]
