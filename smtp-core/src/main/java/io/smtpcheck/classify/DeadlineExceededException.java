package io.smtpcheck.classify;

import java.net.SocketTimeoutException;
import java.time.Duration;

/** The check's overall deadline ran out, whatever the server was doing at the time. */
public final class DeadlineExceededException extends SocketTimeoutException {

    private final Duration deadline;

    public DeadlineExceededException(Duration deadline) {
        super("deadline of " + deadline.toSeconds() + " s exceeded");
        this.deadline = deadline;
    }

    public Duration deadline() {
        return deadline;
    }
}
