"""A real SMTP server on loopback for the mail test: stores each message it receives as a .eml
file in the given folder. Usage: smtp_sink.py PORT DIR (prints 'ready' when listening)."""
import os
import sys
import time

from aiosmtpd.controller import Controller

port, outdir = int(sys.argv[1]), sys.argv[2]


class Store:
    async def handle_DATA(self, server, session, envelope):
        name = os.path.join(outdir, f"{time.time_ns()}.eml")
        with open(name, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        return "250 Message accepted"


controller = Controller(Store(), hostname="127.0.0.1", port=port)
controller.start()
print("ready", flush=True)
try:
    # Stop when the test closes our stdin (or dies).
    sys.stdin.read()
finally:
    controller.stop()
