def log = new File(basedir, 'build.log').text
assert log.contains('[DEBUG]') : 'this IT runs Maven with -X'
assert log.contains('[INFO] PASS  127.0.0.1:2533: passed up to AUTH')
assert log.contains('235 2.7.0 Authentication successful')
assert log.contains('[DEBUG] EHLO keywords of 127.0.0.1:2533: ')
// Neither the password nor its base64 forms (AUTH PLAIN, AUTH LOGIN) in any line, even at -X.
def secret = 'smtpcheck-secret'
[secret, '\0smtpcheck\0' + secret].each { s ->
    assert !log.contains(s)
    assert !log.contains(s.bytes.encodeBase64().toString())
}
assert !new File(basedir, 'target/smtp-check/smtp-check.json').text.contains(secret)
assert !new File(basedir, 'target/smtp-check/TEST-smtp-check.xml').text.contains(secret)
true
