def log = new File(basedir, 'build.log').text
// Maven prints the MojoFailureException message at ERROR: one readable block with stage, reply, diagnosis, remedy.
def failure = log.substring(log.indexOf('[ERROR] Failed to execute goal'))
assert failure.contains('smtp-check: 1 listener: 0 passed, 0 transient (4xx), 1 failed')
assert failure.contains('FAIL  127.0.0.1:2525: permanent failure (5xx) at RCPT TO')
assert failure.contains('reply:     554 5.7.1 <someone@example.com>: Relay access denied  [enhanced 5.7.1]')
assert !failure.contains('ESA #5.7.1') : 'Postfix writes 5.7.1, not the ESA form'
assert failure.contains('diagnosis: ')
assert failure.contains('remedy:    ')
assert failure.contains('target/smtp-check/TEST-smtp-check.xml')
assert !failure.contains('failOnTransient')

def junit = new File(basedir, 'target/smtp-check/TEST-smtp-check.xml').text
assert junit.contains('<failure type="permanent"')
true
