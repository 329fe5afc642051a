import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('[WARNING] PASS  127.0.0.1:25: passed up to RCPT TO')
assert log.contains('[WARNING]   warning:   The certificate CN=')
assert log.contains('fewer than the warning threshold of 36500.')
assert log.contains('Untrusted TLS connection established to 127.0.0.1[127.0.0.1]:25')
assert log.contains('[WARNING] smtp-check warning for 127.0.0.1:25: ')
assert log.contains('BUILD SUCCESS')

def json = new JsonSlurper().parse(new File(basedir, 'target/smtp-check/smtp-check.json'))
assert json.verdict == 'PASS'
assert json.results[0].tls.level == 'may'
assert json.results[0].tls.postfix == 'Untrusted'
assert json.results[0].tls.chain[0].subject.startsWith('CN=')
assert json.results[0].warnings*.id == ['tls.cert-days-warn']

// JUnit has no warning state: the case passes and says WARNING beside the transcript.
def junit = new File(basedir, 'target/smtp-check/TEST-smtp-check.xml').text
assert junit.contains('failures="0"')
assert junit.contains('WARNING: The certificate CN=')
true
