package io.smtpcheck.session;

import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;

import java.io.IOException;

/**
 * One stage of the exchange, with one job. {@link SmtpSession#STAGES} lists them in the order they run; a stage
 * ends the check by throwing {@link Stop} with the outcome it decided, or by letting an I/O error out.
 */
interface Step {

    /** Whether this check goes through the stage: the request's stop-after stage, security mode and credentials decide. */
    boolean wanted(CheckRequest request);

    /**
     * Does the stage's job.
     *
     * @param previous the reply the check stands on (null before the banner)
     * @return the reply the check stands on after this stage: the next stage's {@code previous}
     */
    Reply run(Exchange x, Reply previous) throws IOException, Stop;
}
