package io.smtpcheck.session;

import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts a stage that fails as a bug of smtp-check would into the session every front end checks through, until
 * closed. In this package because the seam ({@link SmtpSession#standard}) is package-private.
 */
public final class FaultySession implements AutoCloseable {

    private final SmtpSession saved = SmtpSession.standard;

    /** A NullPointerException with {@code message} right after the EHLO stage. */
    public FaultySession(String message) {
        List<Step> stages = new ArrayList<>(SmtpSession.STAGES);
        stages.add(stages.indexOf(stages.stream().filter(Greeting.class::isInstance).findFirst().orElseThrow()) + 1, new Step() {
            @Override
            public boolean wanted(CheckRequest request) {
                return true;
            }

            @Override
            public Reply run(Exchange x, Reply previous) {
                throw new NullPointerException(message);
            }
        });
        SmtpSession.standard = new SmtpSession(saved.classifier(), stages);
    }

    @Override
    public void close() {
        SmtpSession.standard = saved;
    }
}
