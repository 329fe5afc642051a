package io.smtpcheck.option;

/** The front ends that take options from users, each in its own syntax. */
public enum Shell {
    /** {@code smtp-check --stop-after rcpt}: a flag in kebab case. */
    CLI,
    /** {@code <stopAfter>rcpt</stopAfter>} or {@code -Dsmtp-check.stopAfter=rcpt}: a goal parameter with its property. */
    MAVEN,
    /** {@code smtpCheck stopAfter: 'rcpt'} and the job form: a field of the build step. */
    JENKINS
}
