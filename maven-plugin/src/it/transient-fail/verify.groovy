def log = new File(basedir, 'build.log').text
assert log.contains('--- smtp-check:0.1.0-SNAPSHOT:verify (default-cli) @ transient-fail ---')
assert log.contains('[ERROR] TRANSIENT  127.0.0.1:2527: transient failure (4xx) at RCPT TO')
assert log.contains('452 4.5.3 Error: too many recipients')
assert log.contains('-Dsmtp-check.failOnTransient=false')
assert log.contains('BUILD FAILURE')

def junit = new File(basedir, 'target/smtp-check/TEST-smtp-check.xml').text
assert junit.contains('<failure type="transient"')
true
