#!/usr/bin/python3
"""A real SMTP server for tests: aiosmtpd (Debian's python3-aiosmtpd) on 127.0.0.1.

Each accepted message is written to DIR as NNNN.json holding the envelope (mail_from,
rcpt_tos), whether it came inside TLS and who authenticated, the raw message, and what
Python's own email parser reads from it (decoded subject, headers, decoded body, defects),
so a test checks the client against an independent MIME implementation.

Usage: smtp_sink.py --port 0 --dir DIR [--tls-cert PEM --tls-key PEM] [--require-starttls | --implicit-tls]
                    [--auth USER:PASS] [--reject-rcpt ADDR=CODE ...] [--hang]
Prints "ready PORT" on stdout once it accepts connections; runs until SIGTERM or SIGINT.
--hang accepts TCP connections and never says anything (no greeting): a server that
is up but stuck.
"""

import argparse
import email
import email.policy
import json
import os
import signal
import socket
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

# The server's name in its greeting and EHLO reply. Without it aiosmtpd asks
# socket.getfqdn(), which may query DNS: tests resolve nothing beyond /etc/hosts.
SERVER_NAME = "sink.netsight.test"

REJECT_TEXT = {
    "550": "5.1.1 no such user",
    "551": "5.1.6 user not local",
    "552": "5.2.2 mailbox full",
    "553": "5.1.3 bad destination address",
    "450": "4.2.1 mailbox unavailable, try again later",
    "451": "4.3.0 try again later",
    "452": "4.3.1 insufficient storage",
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dir")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--require-starttls", action="store_true")
    parser.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte (SMTPS, port 465 style)")
    parser.add_argument("--auth", help="USER:PASS; AUTH PLAIN and LOGIN, only inside TLS")
    parser.add_argument("--reject-rcpt", action="append", default=[], help="ADDR=CODE")
    parser.add_argument("--hang", action="store_true")
    args = parser.parse_args()
    if not args.hang and not args.dir:
        parser.error("--dir is required")
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    if args.implicit_tls and (not args.tls_cert or args.require_starttls):
        parser.error("--implicit-tls needs --tls-cert and --tls-key, and excludes --require-starttls")
    if args.require_starttls and not args.tls_cert:
        parser.error("--require-starttls needs --tls-cert and --tls-key")
    return args


def listening_socket(port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(64)
    return sock


class Sink:
    """The aiosmtpd handler: refuses the configured recipients, stores the rest."""

    def __init__(self, directory, rejections):
        self.directory = directory
        self.rejections = rejections
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        code = self.rejections.get(address.lower())
        if code:
            text = REJECT_TEXT.get(code, "5.0.0 rejected by the test sink" if code.startswith("5") else "4.0.0 try later")
            return f"{code} {text}"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        try:
            body = parsed.get_content() if not parsed.is_multipart() else None
            if isinstance(body, str):
                body = body.replace("\r\n", "\n")
        except Exception as error:  # a body Python cannot decode is itself a finding
            body = None
            print(f"body not decodable: {error}", file=sys.stderr, flush=True)
        with self.lock:
            self.count += 1
            number = self.count
        record = {
            "mail_from": envelope.mail_from,
            "mail_options": envelope.mail_options,
            "rcpt_tos": envelope.rcpt_tos,
            # STARTTLS sets session.ssl; implicit TLS shows only on the transport.
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "auth_login": session.auth_data.login.decode() if session.authenticated and session.auth_data else None,
            "helo": session.host_name,
            "raw": raw.decode("utf-8", "replace"),
            "subject": str(parsed["subject"]) if parsed["subject"] is not None else None,
            "message_id": parsed["message-id"],
            "headers": [[name, str(value)] for name, value in parsed.items()],
            "content_type": parsed.get_content_type(),
            "charset": parsed.get_content_charset(),
            "body": body,
            "defects": [type(d).__name__ for d in parsed.defects],
        }
        path = os.path.join(self.directory, f"{number:04d}.json")
        with open(path + ".tmp", "w", encoding="utf-8") as out:
            json.dump(record, out, ensure_ascii=False, indent=1)
        os.replace(path + ".tmp", path)
        print(f"stored {path} from {envelope.mail_from} to {envelope.rcpt_tos}", file=sys.stderr, flush=True)
        return f"250 2.0.0 OK queued as {number:04d}"


class BoundController(Controller):
    """aiosmtpd's Controller on a socket bound beforehand, so port 0 works (the stock one
    binds host:port itself and then connects to that port to check it is up)."""

    def __init__(self, sock, handler, **kwargs):
        self._sock = sock
        super().__init__(handler, hostname="127.0.0.1", port=sock.getsockname()[1], **kwargs)

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self._sock, ssl=self.ssl_context)


def wait_for_signal():
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.wait(0.2):
        pass


def hang(sock):
    """Accepts and holds connections, never writing a byte."""
    held = []

    def accept():
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            held.append(conn)
            print("accepted a connection; saying nothing", file=sys.stderr, flush=True)

    threading.Thread(target=accept, daemon=True).start()
    print(f"ready {sock.getsockname()[1]}", flush=True)
    wait_for_signal()
    for conn in held:
        conn.close()
    sock.close()


def main():
    args = parse_args()
    sock = listening_socket(args.port)
    if args.hang:
        hang(sock)
        return
    os.makedirs(args.dir, exist_ok=True)
    rejections = {}
    for item in args.reject_rcpt:
        address, _, code = item.rpartition("=")
        if not address or not (code.isdigit() and len(code) == 3):
            sys.exit(f"--reject-rcpt wants ADDR=CODE, got {item!r}")
        rejections[address.lower()] = code
    kwargs = {"server_hostname": SERVER_NAME, "enable_SMTPUTF8": False}
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        if args.implicit_tls:
            kwargs["ssl_context"] = context
        else:
            kwargs["tls_context"] = context
            kwargs["require_starttls"] = args.require_starttls
    if args.auth:
        user, _, password = args.auth.partition(":")

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login == user.encode() and auth_data.password == password.encode()
            print(f"AUTH {mechanism} as {auth_data.login!r}: {'ok' if ok else 'refused'}", file=sys.stderr, flush=True)
            return AuthResult(success=ok, handled=False, auth_data=auth_data)

        kwargs["authenticator"] = authenticator
        kwargs["auth_required"] = True
        # aiosmtpd only counts STARTTLS as TLS here; with implicit TLS every byte is in TLS.
        kwargs["auth_require_tls"] = not args.implicit_tls
    controller = BoundController(sock, Sink(args.dir, rejections), **kwargs)
    controller.start()
    print(f"ready {sock.getsockname()[1]}", flush=True)
    try:
        wait_for_signal()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
