import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
// The failing target's block in the log, and again in the build failure message.
assert log.contains('[ERROR] FAIL  127.0.0.1:2526: permanent failure (5xx) at MAIL FROM')
assert log.contains('530 5.7.0 Must issue a STARTTLS command first')
assert log.contains('[INFO] PASS  127.0.0.1:2526: passed up to RCPT TO')
assert log.contains('1 passed, 0 transient (4xx), 1 failed')
assert log.contains('remedy:')

def json = new JsonSlurper().parse(new File(basedir, 'target/smtp-check/smtp-check.json'))
assert json.verdict == 'FAIL'
assert json.results[0].outcome.stage == 'MAIL'
assert json.results[0].outcome.diagnosis.id == 'smtp.starttls-required'
assert json.results[1].verdict == 'PASS'
assert json.results[1].tls != null
true
