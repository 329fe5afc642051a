def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] smtp-check: skipped (skip is true)')
assert !log.contains('Trying 127.0.0.1')
assert !new File(basedir, 'target/smtp-check').exists()

assert log.contains('smtp-check:verify')
assert log.contains('User property: smtp-check.failOnTransient')
assert log.contains('User property: smtp-check.serverId')
true
