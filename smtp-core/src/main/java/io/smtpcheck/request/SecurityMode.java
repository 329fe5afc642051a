package io.smtpcheck.request;

/** How the check protects the session. */
public enum SecurityMode {
    /** Plain SMTP; STARTTLS is not attempted even when offered. */
    NONE,
    /** STARTTLS when the server offers it, plain SMTP otherwise (what most MTAs do). */
    STARTTLS_IF_OFFERED,
    /** STARTTLS or fail: a listener that does not offer it is a TLS failure. */
    STARTTLS_REQUIRED,
    /** TLS from the first byte (SMTPS, usually port 465). */
    IMPLICIT_TLS;

    public boolean encrypts() {
        return this != NONE;
    }
}
