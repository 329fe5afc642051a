package io.smtpcheck.classify;

/** Why the network, rather than the SMTP server, ended the check. */
public enum NetworkKind {
    DNS,
    REFUSED,
    TIMEOUT,
    RESET,
    CLOSED,
    UNREACHABLE
}
