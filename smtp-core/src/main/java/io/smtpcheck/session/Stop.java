package io.smtpcheck.session;

import io.smtpcheck.classify.Outcome;

/** Ends the exchange early with a decided outcome; not an error. */
final class Stop extends Exception {

    private final transient Outcome outcome;

    Stop(Outcome outcome) {
        super(null, null, false, false);
        this.outcome = outcome;
    }

    Outcome outcome() {
        return outcome;
    }
}
