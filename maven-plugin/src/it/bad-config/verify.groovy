def log = new File(basedir, 'build.log').text
assert log.contains("stopAfter: 'dta' is not a stage; use one of connect, banner, ehlo, tls, auth, mail, rcpt, data (<target> 2 of <targets>, 127.0.0.1:2; set <stopAfter> in the POM or -Dsmtp-check.stopAfter on the command line)")
// Checked before the first connection: not even the valid first target was tried.
assert !log.contains('Trying 127.0.0.1')
assert !new File(basedir, 'target/smtp-check').exists()
true
