import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] PASS  127.0.0.1:25: passed up to RCPT TO')
assert log.contains('[INFO] PASS  127.0.0.1:2526: passed up to RCPT TO')
assert log.contains('-> STARTTLS')
assert log.contains('<- 220 2.0.0 Ready to start TLS')
// The EHLO keyword list is folded at info: it is in the debug log only.
assert log.contains('EHLO keyword lines folded')
assert !log.contains('<- 250-PIPELINING')
assert log.contains('smtp-check: 2 listeners: 2 passed, 0 transient (4xx), 0 failed')

def json = new JsonSlurper().parse(new File(basedir, 'target/smtp-check/smtp-check.json'))
assert json.verdict == 'PASS'
assert json.results*.target == ['127.0.0.1:25', '127.0.0.1:2526']
assert json.results.every { it.tls.protocol.startsWith('TLSv1.') }
// The snakeoil file is the trust anchor, but the certificate names the machine, not 127.0.0.1: Trusted, as Postfix logs it at encrypt.
assert json.results.every { it.tls.level == 'encrypt' && it.tls.postfix == 'Trusted' }

def junit = new File(basedir, 'target/smtp-check/TEST-smtp-check.xml').text
assert junit.contains('<testsuite name="smtp-check"')
assert junit.contains('failures="0"')
assert junit.contains('classname="smtp-check.127_0_0_1:2526"')
true
