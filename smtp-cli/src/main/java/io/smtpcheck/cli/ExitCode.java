package io.smtpcheck.cli;

/**
 * The exit codes that are not a verdict (a verdict exits with its Nagios status, see BuildPolicy.Decision).
 * They match the Nagios plugin convention, so the command works as a
 * Nagios/Icinga check as it is.
 */
enum ExitCode {
    PASS(0),
    FAIL(2),
    USAGE(3);

    final int code;

    ExitCode(int code) {
        this.code = code;
    }
}
