package io.smtpcheck.classify;

/** What a build does with an outcome: pass, a transient (4xx) failure it may tolerate, or a failure. */
public enum Verdict {
    PASS,
    TRANSIENT,
    FAIL
}
