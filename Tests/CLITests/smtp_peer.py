"""A real SMTP server on 127.0.0.1 for the reminder tests (aiosmtpd), and Python's email package
as the oracle of what arrived.

    python3 smtp_peer.py serve-and-run OUT.json -- carnet remind ... --smtp 127.0.0.1:{port} ...
        starts the server on a free port, runs the command with {port} filled in, stops the
        server, and writes OUT.json: the command's status, stdout, stderr, and every message
        received, parsed.
    python3 smtp_peer.py serve-and-run OUT.json --tls CERT KEY [--user NAME:PASSWORD] -- carnet remind ...
        the same, the server offering STARTTLS with that certificate and requiring it before MAIL
        (and AUTH PLAIN, inside TLS only, when --user is given); each message records whether it
        came inside TLS and who logged in.
    python3 smtp_peer.py parse OUT.json FILE.eml...
        parses .eml files the same way.
"""
import email
import email.policy
import json
import socket
import subprocess
import sys


def parsed(raw: bytes, envelope=None):
    # The strict modern parser: defects are recorded, headers decoded (RFC 2047).
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    out = {
        "defects": [type(d).__name__ for d in msg.defects],
        "headers": [[k, str(v)] for k, v in msg.items()],
        "from": str(msg["From"]), "to": str(msg["To"]), "subject": str(msg["Subject"]),
        "date": str(msg["Date"]), "message_id": str(msg["Message-ID"]),
        "content_type": msg.get_content_type(),
        "content_language": str(msg["Content-Language"]),
        "parts": [],
        "raw_ascii": all(b < 128 for b in raw),
        "max_line": max(len(line) for line in raw.split(b"\r\n")),
    }
    if envelope is not None:
        out["envelope"] = envelope
    for part in msg.iter_parts() if msg.is_multipart() else []:
        out["parts"].append({
            "type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "defects": [type(d).__name__ for d in part.defects],
            "text": part.get_content(),
        })
    return out


def serve_and_run(result_path, command, tls=None, user=None):
    from aiosmtpd.controller import Controller

    received = []
    logins = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append((envelope.original_content or envelope.content,
                             {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                              "tls": session.ssl is not None,
                              "authenticated": bool(session.authenticated)}))
            return "250 Message accepted for delivery"

    options = {}
    if tls is not None:
        import ssl
        from aiosmtpd.smtp import AuthResult
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(tls[0], tls[1])
        options = {"tls_context": context, "require_starttls": True}
        if user is not None:
            name, password = user.split(":", 1)

            def authenticate(server, session, envelope, mechanism, auth_data):
                ok = auth_data.login.decode() == name and auth_data.password.decode() == password
                logins.append({"login": auth_data.login.decode(), "tls": session.ssl is not None, "ok": ok})
                return AuthResult(success=ok, auth_data=auth_data)
            options.update({"authenticator": authenticate, "auth_require_tls": True, "auth_required": True})

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        command = [arg.replace("{port}", str(port)) for arg in command]
        run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    finally:
        controller.stop()
    result = {"status": run.returncode, "stdout": run.stdout, "stderr": run.stderr,
              "messages": [parsed(raw, envelope) for raw, envelope in received], "logins": logins}
    with open(result_path, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False)


def main():
    if sys.argv[1] == "serve-and-run":
        rest, tls, user = sys.argv[3:], None, None
        if rest[0] == "--tls":
            tls, rest = (rest[1], rest[2]), rest[3:]
        if rest[0] == "--user":
            user, rest = rest[1], rest[2:]
        assert rest[0] == "--"
        serve_and_run(sys.argv[2], rest[1:], tls, user)
    elif sys.argv[1] == "parse":
        messages = []
        for path in sys.argv[3:]:
            with open(path, "rb") as f:
                messages.append(dict(parsed(f.read()), file=path))
        with open(sys.argv[2], "w", encoding="utf-8") as f:
            json.dump({"messages": messages}, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
