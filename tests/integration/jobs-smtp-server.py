"""A loopback SMTP server for the jobs tests (aiosmtpd, Debian's python3-aiosmtpd).

Usage: /usr/bin/python3 jobs-smtp-server.py PORT OUTFILE
Each message received is appended to OUTFILE as one JSON line with its envelope, its raw
headers and its decoded subject, so a test reads what really went over the wire.
"""
import json
import signal
import sys
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        msg = message_from_bytes(raw, policy=policy.default)
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": msg.get("From", ""),
            "to": msg.get("To", ""),
            "date": msg.get("Date", ""),
            "message_id": msg.get("Message-ID", ""),
            "raw_subject": raw.split(b"\r\nSubject: ", 1)[-1].split(b"\r\nMIME", 1)[0].decode("ascii", "replace"),
            "subject": str(msg.get("Subject", "")),
            "body": msg.get_content() if not msg.is_multipart() else "",
        }
        with self.lock, open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
        return "250 Message accepted for delivery"


def main():
    port, path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Recorder(path), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
