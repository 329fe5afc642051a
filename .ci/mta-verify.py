#!/usr/bin/env python3
"""Check of the loopback Exim / OpenSMTPD / Node smtp-server set up by
.ci/mta-setup.sh (scenario map: .ci/mta-scenarios.md).

Walks every port with smtplib and prints each server reply as
    COMMAND -> CODE TEXT        (lines of a multi-line reply joined with |)
and checks each reply code against the scenario; a mismatch is marked
"!! expected ..." and makes the exit status 1. Not used by CI; run it by hand:
    python3 .ci/mta-verify.py            (every port)
    python3 .ci/mta-verify.py 2545 2560  (only these ports)
The "Observed replies" in mta-scenarios.md are this script's output.
"""
import base64, smtplib, socket, ssl, sys, time

HOST = '127.0.0.1'
CTX = ssl.create_default_context(); CTX.check_hostname = False; CTX.verify_mode = ssl.CERT_NONE
FAILED = []
b64 = lambda s: base64.b64encode(s.encode()).decode()
BODY = b'Subject: smtp-check verify\r\n\r\nhello\r\n'
BIG = b'Subject: big\r\n\r\n' + (b'x' * 70 + b'\r\n') * 40          # ~2.9 KB
ONLY = {int(a) for a in sys.argv[1:]}


def fmt(code, msg):
    text = msg.decode(errors='replace') if isinstance(msg, bytes) else str(msg)
    return f"{code} {text.replace(chr(10), '|')}"


class Session:
    def __init__(self, port, label='banner', expect=220):
        self.port = port
        self.s = smtplib.SMTP(timeout=10)
        self.s._host = HOST                      # STARTTLS needs a server_hostname
        self.closed = False
        try:
            code, msg = self.s.connect(HOST, port)
        except (smtplib.SMTPServerDisconnected, OSError) as e:
            code, msg = None, f'(no banner: {e})'
        self.show(label, code, msg, expect)

    def show(self, label, code, msg, expect):
        line = f"  {label:<44} -> {fmt(code, msg) if code is not None else msg}"
        if expect is not None and code != expect:
            line += f"   !! expected {expect}"
            FAILED.append(f"{self.port}: {label}")
        print(line)

    def cmd(self, line, expect=None, label=None):
        label = label or line
        if self.closed:
            self.show(label, None, '(connection closed)', expect); return None
        try:
            code, msg = self.s.docmd(line)
        except (smtplib.SMTPServerDisconnected, OSError) as e:
            self.closed = True
            self.show(label, None, '(connection closed by server)', expect); return None
        if code == -1:
            self.closed = True
        self.show(label, code, msg, expect)
        return code

    def ehlo(self, name='client.example', expect=250):
        try:
            code, msg = self.s.ehlo(name)
        except (smtplib.SMTPServerDisconnected, OSError):
            self.closed = True
            self.show(f'EHLO {name}', None, '(connection closed by server)', expect); return None
        self.show(f'EHLO {name}', code, msg, expect)
        return code

    def starttls(self, expect=220):
        try:
            code, msg = self.s.starttls(context=CTX)
        except ssl.SSLError as e:
            self.closed = True
            self.show('STARTTLS', None, f'(220, then TLS handshake failed: {e.reason or e})', expect); return None
        except smtplib.SMTPNotSupportedError:
            self.show('STARTTLS', None, '(not advertised)', expect); return None
        self.show('STARTTLS', code, msg, expect)
        return code

    def data(self, body=BODY, expect=250, label=None):
        if self.cmd('DATA', 354) != 354:
            return None
        self.s.send(body)
        label = label or f'<{len(body)} byte message>.'
        return self.cmd('.', expect, label)

    def quit(self):
        if not self.closed:
            try:
                self.cmd('QUIT', 221)
            except Exception:
                pass
        self.s.close()


def first_client(port, label):
    """A connection to a one-client-at-a-time port (2551, 2580): the previous
    session's slot is given back a moment after it closed (Exim counts its
    receiving processes), so retry for a few seconds until the banner is 220."""
    for _ in range(20):
        probe = smtplib.SMTP(timeout=10)
        try:
            code, _msg = probe.connect(HOST, port)
        except (smtplib.SMTPServerDisconnected, OSError):
            code = None
        probe.close()
        if code == 220:
            break
        time.sleep(0.25)
    time.sleep(0.5)      # let the probe's own slot go again
    return Session(port, label)


def scenario(port, title):
    def wrap(fn):
        if not ONLY or port in ONLY:
            print(f"== {port} {title}")
            fn(port)
        return fn
    return wrap


AUTH_WRONG = 'AUTH PLAIN ' + b64('\0smtpcheck\0wrong')
AUTH_GOOD = 'AUTH PLAIN ' + b64('\0smtpcheck\0smtpcheck-secret')

# ============================== Exim 4.96 ==================================

@scenario(2540, 'Exim: accepting, STARTTLS offered')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 250)
    s.cmd('RCPT TO:<smtpcheck@localhost>', 250)
    s.data(); s.quit()
    s = Session(p); s.ehlo(); s.starttls(); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 250); s.quit()

@scenario(2541, 'Exim: relay not permitted')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<someone@example.com>', 550)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 250); s.quit()

@scenario(2542, 'Exim: unknown local user')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<nosuchuser@smtpcheck.test>', 550)
    s.cmd('RCPT TO:<nosuchuser@localhost>', 550); s.quit()

@scenario(2543, 'Exim: relay allowed from loopback, but unrouteable')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<someone@example.com>', 550)
    s.cmd('RCPT TO:<smtpcheck@localhost>', 250); s.quit()

@scenario(2544, 'Exim: recipients_max = 2 (second daemon)')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    for i, e in ((1, 250), (2, 250), (3, 452)):
        s.cmd(f'RCPT TO:<smtpcheck+{i}@smtpcheck.test>', e)
    s.data(); s.quit()

@scenario(2545, 'Exim: message_size_limit = 1K')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com> SIZE=2000', 552)
    s.cmd('MAIL FROM:<sender@example.com> SIZE=100', 250)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 250)
    s.data(BIG, 552); s.quit()

@scenario(2546, 'Exim: HELO/EHLO checks')
def _(p):
    s = Session(p)
    s.cmd('MAIL FROM:<sender@example.com>', 503, 'MAIL FROM:<sender@example.com> (no HELO)')
    s.cmd('EHLO client', 550)
    s.cmd('HELO client', 550)
    s.cmd('EHLO bad_name', 501)
    s.cmd('EHLO', 501)
    s.ehlo('client.example')
    s.cmd('MAIL FROM:<sender@example.com>', 250); s.quit()

@scenario(2547, 'Exim: sender rate limit (ratelimit 2 / 1h / per_rcpt)')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    for i, e in ((1, 250), (2, 250), (3, 451), (4, 451)):
        s.cmd(f'RCPT TO:<smtpcheck+{i}@smtpcheck.test>', e)
    s.quit()

@scenario(2548, 'Exim: AUTH PLAIN/LOGIN (smtpcheck / smtpcheck-secret) required')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 530, 'MAIL FROM:<sender@example.com> (no AUTH)')
    s.cmd(AUTH_WRONG, 535, 'AUTH PLAIN \\0smtpcheck\\0wrong')
    s.cmd('AUTH LOGIN', 334)
    s.cmd(b64('smtpcheck'), 334, '  username smtpcheck')
    s.cmd(b64('wrong'), 535, '  password wrong')
    s.cmd('AUTH CRAM-MD5', 504)
    s.cmd(AUTH_GOOD, 235, 'AUTH PLAIN \\0smtpcheck\\0smtpcheck-secret')
    s.cmd(AUTH_GOOD, 503, 'AUTH PLAIN again')
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<someone@example.com>', 250, 'RCPT TO:<someone@example.com> (after AUTH)')
    s.data(); s.quit()

@scenario(2549, 'Exim: STARTTLS required before MAIL')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 530)
    s.starttls(); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 250)
    s.cmd('STARTTLS', 503, 'STARTTLS again'); s.quit()

@scenario(2550, 'Exim: client host rejected at connect')
def _(p):
    s = Session(p, expect=550)
    s.cmd('EHLO client.example', None); s.quit()

@scenario(2551, 'Exim: smtp_accept_max_per_host = 1')
def _(p):
    a = first_client(p, '1st connection: banner')
    b = Session(p, '2nd concurrent connection: banner', 421)
    b.cmd('EHLO client.example', None, '2nd: EHLO client.example'); b.s.close()
    a.quit()
    c = first_client(p, 'after the 1st closed: banner'); c.quit()

@scenario(2552, 'Exim: temporary refusal at connect (defer)')
def _(p):
    s = Session(p, expect=451)
    s.cmd('EHLO client.example', None); s.quit()

@scenario(2553, 'Exim: sender verification')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 550)
    s.cmd('MAIL FROM:<nosuchuser@smtpcheck.test>', 550)
    s.cmd('MAIL FROM:<smtpcheck@smtpcheck.test>', 250)
    s.cmd('RCPT TO:<smtpcheck@localhost>', 250); s.quit()

@scenario(2554, 'Exim: sender domain blocked')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<spammer@blocked.test>', 550)
    s.cmd('MAIL FROM:<sender@example.com>', 250); s.quit()

@scenario(2555, 'Exim: defer every RCPT (default text)')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 451)
    s.cmd('DATA', 503); s.quit()

@scenario(2556, 'Exim: greylisting-style defer (own text)')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 450); s.quit()

@scenario(2557, 'Exim: header syntax checked at end of DATA')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 250)
    s.data(b'From: sender@example.com\r\nTo: <smtpcheck@smtpcheck.test\r\nSubject: bad\r\n\r\nhi\r\n', 550,
           '<message with "To: <smtpcheck@smtpcheck.test">.')
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 250)
    s.data(b'From: sender@example.com\r\nTo: smtpcheck@smtpcheck.test\r\nSubject: ok\r\n\r\nhi\r\n', 250,
           '<message with valid headers>.')
    s.quit()

@scenario(2558, 'Exim: protocol errors, STARTTLS not offered')
def _(p):
    # smtp_max_synprot_errors = 3 (default): the 4th syntax/protocol error of
    # a session (503s and unknown commands count; bad addresses do not) is
    # answered with "Too many syntax or protocol errors" and the connection closed.
    s = Session(p); s.ehlo()
    s.cmd('STARTTLS', 503)
    s.cmd('VRFY smtpcheck@smtpcheck.test', 252)
    s.cmd('EXPN smtpcheck', 550)
    s.cmd('ETRN smtpcheck.test', 458)
    s.cmd('MAIL FROM:<sender>', 501)
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<smtpcheck>', 501)
    s.cmd('RCPT TO:', 501); s.quit()
    s = Session(p, '4 protocol errors: banner'); s.ehlo()
    s.cmd('AUTH PLAIN', 503)
    s.cmd('DATA', 503, 'DATA before MAIL')
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 503, 'RCPT before MAIL')
    s.cmd('FOO', 500)
    s.cmd('NOOP', None); s.quit()

# ============================== OpenSMTPD 6.8 ==============================

@scenario(2560, 'OpenSMTPD: accepting; protocol errors')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 250)
    s.cmd('RCPT TO:<smtpcheck@localhost>', 250)
    s.data(); s.quit()
    s = Session(p)
    s.cmd('MAIL FROM:<sender@example.com>', 503, 'MAIL FROM:<sender@example.com> (no HELO)')
    s.ehlo()
    s.cmd('STARTTLS', None)
    s.cmd('AUTH PLAIN', None)
    s.cmd('VRFY smtpcheck', None)
    s.cmd('EXPN smtpcheck', None)
    s.cmd('FOO', 500)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 503, 'RCPT before MAIL')
    s.cmd('DATA', 503, 'DATA before MAIL')
    s.cmd('MAIL FROM:<sender>', None)
    s.cmd('RSET', 250)
    s.cmd('MAIL FROM:sender@example.com', None)
    s.cmd('RSET', 250)
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<smtpcheck>', None)
    s.cmd('RCPT TO:', None); s.quit()

@scenario(2561, 'OpenSMTPD: relay denied, unknown user')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<someone@example.com>', 550)
    s.cmd('RCPT TO:<nosuchuser@smtpcheck.test>', 524)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 250); s.quit()

@scenario(2562, 'OpenSMTPD: smtp limit max-rcpt 2 (global)')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 250)
    s.cmd('RCPT TO:<postmaster@smtpcheck.test>', 250)
    s.cmd('RCPT TO:<smtpcheck@localhost>', 451)
    s.data(); s.quit()

@scenario(2563, 'OpenSMTPD: smtp max-message-size 2048 (global)')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com> SIZE=4000', 250)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 250)
    s.data(BIG, 554); s.quit()

@scenario(2564, 'OpenSMTPD: client host rejected at connect (filter)')
def _(p):
    s = Session(p, expect=554)
    s.cmd('EHLO client.example', None); s.quit()

@scenario(2565, 'OpenSMTPD: 421 at connect (filter)')
def _(p):
    s = Session(p, expect=421)
    s.cmd('EHLO client.example', None); s.quit()

@scenario(2566, 'OpenSMTPD: HELO/EHLO must be a FQDN (filter)')
def _(p):
    s = Session(p)
    s.cmd('EHLO client', 550)
    s.cmd('HELO client', 550)
    s.ehlo('client.example')
    s.cmd('MAIL FROM:<sender@example.com>', 250); s.quit()

@scenario(2567, 'OpenSMTPD: sender domain rejected (filter)')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<spammer@blocked.test>', 553)
    s.cmd('MAIL FROM:<sender@example.com>', 250); s.quit()

@scenario(2568, 'OpenSMTPD: greylisting-style RCPT reject (filter)')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 451)
    s.cmd('DATA', 503); s.quit()

@scenario(2569, 'OpenSMTPD: message rejected after DATA (commit filter)')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 250)
    s.data(BODY, 554); s.quit()

@scenario(2590, 'OpenSMTPD: STARTTLS required (tls-require; handshake broken)')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 530)
    s.starttls(None); s.quit()

# ============================== Node smtp-server ===========================

@scenario(2570, 'Node: accepting, STARTTLS offered')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 250)
    s.cmd('RCPT TO:<smtpcheck@localhost>', 250)
    s.data(); s.quit()
    s = Session(p); s.ehlo(); s.starttls(); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 250); s.quit()

@scenario(2571, 'Node: unknown user')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<nosuchuser@smtpcheck.test>', 550)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 250); s.quit()

@scenario(2572, 'Node: relay denied')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<someone@example.com>', 554); s.quit()

@scenario(2573, 'Node: size 1024 (rejectOversized)')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com> SIZE=2000', 552)
    s.cmd('MAIL FROM:<sender@example.com> SIZE=100', 250)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 250)
    s.data(BIG, 552); s.quit()

@scenario(2574, 'Node: maxRecipients 2')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    for i, e in ((1, 250), (2, 250), (3, 452)):
        s.cmd(f'RCPT TO:<smtpcheck+{i}@smtpcheck.test>', e)
    s.quit()

@scenario(2575, 'Node: AUTH PLAIN/LOGIN required (smtpcheck / smtpcheck-secret)')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 530, 'MAIL FROM:<sender@example.com> (no AUTH)')
    s.cmd(AUTH_WRONG, 535, 'AUTH PLAIN \\0smtpcheck\\0wrong')
    s.cmd('AUTH LOGIN', 334)
    s.cmd(b64('smtpcheck'), 334, '  username smtpcheck')
    s.cmd(b64('wrong'), 535, '  password wrong')
    s.cmd('AUTH CRAM-MD5', 504)
    s.cmd(AUTH_GOOD, 235, 'AUTH PLAIN \\0smtpcheck\\0smtpcheck-secret')
    s.cmd(AUTH_GOOD, 503, 'AUTH PLAIN again')
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<someone@example.com>', 250, 'RCPT TO:<someone@example.com> (after AUTH)')
    s.data(); s.quit()

@scenario(2576, 'Node: AUTH only after STARTTLS')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd(AUTH_GOOD, 538, 'AUTH PLAIN \\0smtpcheck\\0smtpcheck-secret')
    s.starttls(); s.ehlo()
    s.cmd(AUTH_GOOD, 235, 'AUTH PLAIN (after STARTTLS)'); s.quit()

@scenario(2577, 'Node: STARTTLS required before MAIL')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 530)
    s.starttls(); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('STARTTLS', 503, 'STARTTLS again'); s.quit()

@scenario(2578, 'Node: client host rejected at connect (onConnect 554)')
def _(p):
    s = Session(p, expect=554)
    s.cmd('EHLO client.example', None); s.quit()

@scenario(2579, 'Node: 421 at connect (onConnect 421)')
def _(p):
    s = Session(p, expect=421)
    s.cmd('EHLO client.example', None); s.quit()

@scenario(2580, 'Node: maxClients 1')
def _(p):
    a = first_client(p, '1st connection: banner')
    b = Session(p, '2nd concurrent connection: banner', 421)
    b.cmd('EHLO client.example', None, '2nd: EHLO client.example'); b.s.close()
    a.quit()
    c = first_client(p, 'after the 1st closed: banner'); c.quit()

@scenario(2581, 'Node: sender domain rejected (onMailFrom)')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<spammer@blocked.test>', 553)
    s.cmd('MAIL FROM:<sender@example.com>', 250); s.quit()

@scenario(2582, 'Node: sender must be fully qualified (onMailFrom)')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender>', 501)
    s.cmd('MAIL FROM:<sender@example>', 504)
    s.cmd('MAIL FROM:<>', 250); s.quit()

@scenario(2583, 'Node: greylisting (onRcptTo 450)')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 450)
    s.cmd('DATA', 503); s.quit()

@scenario(2584, 'Node: temporary local problem (onRcptTo 451)')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 451); s.quit()

@scenario(2585, 'Node: content rejected at end of DATA (onData 554)')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 250)
    s.data(BODY, 554); s.quit()

@scenario(2586, 'Node: temporary failure at end of DATA (onData 451)')
def _(p):
    s = Session(p); s.ehlo()
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 250)
    s.data(BODY, 451); s.quit()

@scenario(2587, 'Node: STARTTLS and AUTH disabled; protocol errors')
def _(p):
    s = Session(p)
    s.cmd('MAIL FROM:<sender@example.com>', 503, 'MAIL FROM:<sender@example.com> (no HELO)')
    s.cmd('EHLO', 501)
    s.ehlo()
    s.cmd('STARTTLS', 500)
    s.cmd('AUTH PLAIN', 500)
    s.cmd('VRFY', 501)
    s.cmd('RCPT TO:<smtpcheck@smtpcheck.test>', 503, 'RCPT before MAIL')
    s.cmd('DATA', 503, 'DATA before RCPT')
    s.cmd('MAIL FROM:sender', 501)
    s.cmd('MAIL FROM:<sender@example.com>', 250)
    s.cmd('MAIL FROM:<sender@example.com>', 503, 'MAIL FROM again')
    s.cmd('RCPT TO:<smtpcheck>', 501); s.quit()
    s = Session(p, '10 unknown commands: banner'); s.ehlo()
    for i in range(1, 11):
        s.cmd(f'FOO{i}', 500 if i < 10 else 421)
    s.cmd('NOOP', None); s.quit()

@scenario(2588, 'Node: HELO name must be fully qualified (checked at MAIL)')
def _(p):
    s = Session(p); s.ehlo('client')
    s.cmd('MAIL FROM:<sender@example.com>', 550)
    s.cmd('RSET', 250)
    s.ehlo('client.example')
    s.cmd('MAIL FROM:<sender@example.com>', 250); s.quit()


print()
if FAILED:
    print(f"FAILED ({len(FAILED)}):"); [print('  ' + f) for f in FAILED]; sys.exit(1)
print("all replies as expected")
