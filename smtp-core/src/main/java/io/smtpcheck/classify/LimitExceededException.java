package io.smtpcheck.classify;

import java.io.IOException;

/** The server sent more than a {@link io.smtpcheck.request.Limits} bound allows; reading stopped there. */
public final class LimitExceededException extends IOException {

    /** Which bound was crossed; each has its own diagnosis. */
    public enum Limit {
        LINE_LENGTH(DiagnosisIds.Protocol.LINE_TOO_LONG),
        REPLY_LINES(DiagnosisIds.Protocol.TOO_MANY_LINES),
        SESSION_BYTES(DiagnosisIds.Protocol.TOO_MUCH_DATA);

        private final String diagnosisId;

        Limit(String diagnosisId) {
            this.diagnosisId = diagnosisId;
        }

        public String diagnosisId() {
            return diagnosisId;
        }
    }

    private final Limit limit;
    private final long bound;

    public LimitExceededException(Limit limit, long bound) {
        super(limit.name().toLowerCase().replace('_', ' ') + " over " + bound);
        this.limit = limit;
        this.bound = bound;
    }

    public Limit limit() {
        return limit;
    }

    public long bound() {
        return bound;
    }
}
