package io.smtpcheck.session;

import io.smtpcheck.classify.DeadlineExceededException;

import java.time.Duration;

/** The one clock every wait of a session is measured against. */
final class Deadline {

    private final Duration total;
    private final long endNanos;

    Deadline(Duration total) {
        this.total = total;
        this.endNanos = System.nanoTime() + total.toNanos();
    }

    /** Milliseconds left, at least 1 while time remains; throws once it has run out. */
    int remainingMillisOrThrow() throws DeadlineExceededException {
        long left = Math.floorDiv(endNanos - System.nanoTime(), 1_000_000L);
        if (left <= 0) {
            throw new DeadlineExceededException(total);
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** {@code wanted} capped by the time left; the boolean says whether the deadline is what bounds it. */
    Bounded bound(Duration wanted) throws DeadlineExceededException {
        int left = remainingMillisOrThrow();
        long want = wanted.toMillis();
        return want < left ? new Bounded((int) want, false) : new Bounded(left, true);
    }

    Duration total() {
        return total;
    }

    record Bounded(int millis, boolean byDeadline) {
    }
}
