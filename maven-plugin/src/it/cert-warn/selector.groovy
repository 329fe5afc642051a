// Talks to the loopback Postfix of .ci/postfix-setup.sh: skipped with a message without it, a failure under CI=true.
return io.smtpcheck.maven.it.LocalPostfix.requiredBy(basedir.name)
