package io.smtpcheck.cli;

import io.smtpcheck.classify.Verdict;

/**
 * The documented, stable exit codes. They match the Nagios plugin convention, so the command works as a
 * Nagios/Icinga check as it is.
 */
enum ExitCode {
    PASS(0),
    TRANSIENT(1),
    FAIL(2),
    USAGE(3);

    final int code;

    ExitCode(int code) {
        this.code = code;
    }

    static ExitCode of(Verdict verdict, boolean transientFails) {
        return switch (verdict) {
            case PASS -> PASS;
            case TRANSIENT -> transientFails ? FAIL : TRANSIENT;
            case FAIL -> FAIL;
        };
    }
}
