#!/usr/bin/env python3
"""Manual check of the loopback Postfix set up by .ci/postfix-setup.sh.

Walks every port of the scenario map (see postfix-scenarios.md) with
smtplib and prints each server reply. Not used by CI; run it by hand:
    python3 .ci/postfix-verify.py
"""
import smtplib, ssl, socket
ctx = ssl.create_default_context(); ctx.check_hostname=False; ctx.verify_mode=ssl.CERT_NONE
def show(label, r): print(f"  {label}: {r[0]} {r[1].decode() if isinstance(r[1],bytes) else r[1]!r}")
def conn(port, host='127.0.0.1'):
    s = smtplib.SMTP(); r = s.connect(host, port); s._host = host;  # STARTTLS needs a server_hostname
    show('banner', r); return s
def ehlo(s, name='client.example'):
    r = s.ehlo(name); show(f'EHLO {name}', r); return r

print("== 25 accepting")
s=conn(25); ehlo(s); print("  starttls advertised:", s.has_extn('starttls'))
show('MAIL FROM:<sender@example.com>', s.docmd('MAIL FROM:<sender@example.com>'))
show('RCPT TO:<smtpcheck@localhost>', s.docmd('RCPT TO:<smtpcheck@localhost>'))
show('RCPT TO:<nosuchuser@localhost>', s.docmd('RCPT TO:<nosuchuser@localhost>'))
show('DATA', s.docmd('DATA'))
s.send(b'Subject: smtp-check verify\r\n\r\nhello\r\n'); show('end of data', s.docmd('.'))
show('QUIT', s.docmd('QUIT')); s.close()
s=conn(25); ehlo(s); show('STARTTLS', s.starttls(context=ctx)); ehlo(s)
show('MAIL FROM:<sender@example.com>', s.docmd('MAIL FROM:<sender@example.com>'))
show('RCPT TO:<smtpcheck@localhost>', s.docmd('RCPT TO:<smtpcheck@localhost>')); s.quit()
print("== 25 via ::1")
s=conn(25,'::1'); ehlo(s); s.quit()

print("== 2525 relay denied")
s=conn(2525); ehlo(s)
show('MAIL FROM:<sender@example.com>', s.docmd('MAIL FROM:<sender@example.com>'))
show('RCPT TO:<someone@example.com>', s.docmd('RCPT TO:<someone@example.com>'))
show('RCPT TO:<smtpcheck@localhost>', s.docmd('RCPT TO:<smtpcheck@localhost>')); s.quit()

print("== 2526 TLS required")
s=conn(2526); ehlo(s); print("  starttls advertised:", s.has_extn('starttls'))
show('MAIL FROM:<sender@example.com>', s.docmd('MAIL FROM:<sender@example.com>'))
show('STARTTLS', s.starttls(context=ctx)); ehlo(s)
show('MAIL FROM:<sender@example.com>', s.docmd('MAIL FROM:<sender@example.com>'))
show('RCPT TO:<smtpcheck@localhost>', s.docmd('RCPT TO:<smtpcheck@localhost>')); s.quit()

print("== 2527 recipient limit")
s=conn(2527); ehlo(s)
show('MAIL FROM:<sender@example.com>', s.docmd('MAIL FROM:<sender@example.com>'))
for i in (1,2,3): show(f'RCPT TO:<smtpcheck+{i}@localhost>', s.docmd(f'RCPT TO:<smtpcheck+{i}@localhost>'))
s.quit()

print("== 2528 TLS off")
s=conn(2528); ehlo(s); print("  starttls advertised:", s.has_extn('starttls'))
show('STARTTLS', s.docmd('STARTTLS')); s.quit()

print("== 2529 HELO check")
s=conn(2529); show('EHLO bad..name', s.docmd('EHLO bad..name'))
show('HELO bad..name', s.docmd('HELO bad..name'))
show('MAIL FROM:<sender@example.com>', s.docmd('MAIL FROM:<sender@example.com>')); s.quit()
s=conn(2529); show('MAIL FROM:<sender@example.com> (no HELO)', s.docmd('MAIL FROM:<sender@example.com>')); s.quit()

print("== 2530 size limit")
s=conn(2530); ehlo(s)
show('MAIL FROM:<sender@example.com>', s.docmd('MAIL FROM:<sender@example.com>'))
show('RCPT TO:<smtpcheck@localhost>', s.docmd('RCPT TO:<smtpcheck@localhost>'))
show('DATA', s.docmd('DATA'))
s.send(('Subject: big\r\n\r\n' + ('x'*70+'\r\n')*40).encode())
show('end of 2.9 KB data', s.docmd('.'))
show('QUIT', s.docmd('QUIT'))
s=conn(2530); ehlo(s)
show('MAIL FROM:<sender@example.com> SIZE=2000', s.docmd('MAIL FROM:<sender@example.com> SIZE=2000'))
show('MAIL FROM:<sender@example.com> SIZE=100', s.docmd('MAIL FROM:<sender@example.com> SIZE=100'))
show('RSET', s.docmd('RSET'))
show('MAIL FROM:<sender@example.com>', s.docmd('MAIL FROM:<sender@example.com>'))
s.quit()

s=conn(2530); ehlo(s)
show('MAIL FROM:<sender@example.com> SIZE=2000', s.docmd('MAIL FROM:<sender@example.com> SIZE=2000'))
show('RSET', s.docmd('RSET'))
show('MAIL FROM:<sender@example.com>', s.docmd('MAIL FROM:<sender@example.com>'))
s.quit()

print("== 2531 client rejected at connect")
s=conn(2531); ehlo(s)
show('MAIL FROM:<sender@example.com>', s.docmd('MAIL FROM:<sender@example.com>'))
show('RCPT TO:<smtpcheck@localhost>', s.docmd('RCPT TO:<smtpcheck@localhost>'))
show('QUIT', s.docmd('QUIT')); s.close()

print("== 2532 connection count limit 1")
import time
a=conn(2532); ehlo(a)
b=smtplib.SMTP(); show('2nd concurrent connection banner', b.connect('127.0.0.1',2532)); b.close()
a.quit(); time.sleep(0.5)
c=conn(2532); c.quit()

print("== 2533 AUTH (smtpcheck / smtpcheck-secret)")
import base64
b64 = lambda b: base64.b64encode(b).decode()
s=conn(2533); ehlo(s); print("  AUTH advertised:", s.esmtp_features.get('auth'))
show('MAIL FROM:<sender@example.com>', s.docmd('MAIL FROM:<sender@example.com>'))
show('RCPT TO:<someone@example.com> (unauthenticated)', s.docmd('RCPT TO:<someone@example.com>'))
show('RSET', s.docmd('RSET'))
show('AUTH PLAIN (wrong password)', s.docmd('AUTH PLAIN ' + b64(b'\0smtpcheck\0wrong')))
show('AUTH LOGIN', s.docmd('AUTH LOGIN'))
show('username', s.docmd(b64(b'smtpcheck')))
show('password', s.docmd(b64(b'smtpcheck-secret')))
show('MAIL FROM:<sender@example.com>', s.docmd('MAIL FROM:<sender@example.com>'))
show('RCPT TO:<smtpcheck@localhost>', s.docmd('RCPT TO:<smtpcheck@localhost>'))
show('RCPT TO:<someone@example.com> (authenticated)', s.docmd('RCPT TO:<someone@example.com>'))
s.quit()
s=conn(2533); ehlo(s)
show('AUTH PLAIN (good)', s.docmd('AUTH PLAIN ' + b64(b'\0smtpcheck\0smtpcheck-secret')))
show('AUTH PLAIN (again)', s.docmd('AUTH PLAIN ' + b64(b'\0smtpcheck\0smtpcheck-secret')))
s.quit()
