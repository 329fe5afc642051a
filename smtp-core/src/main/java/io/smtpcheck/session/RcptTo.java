package io.smtpcheck.session;

import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Stage;

import java.io.IOException;

/** RCPT TO for every recipient, so one refusal is reported even when another address was accepted. */
final class RcptTo implements Step {

    @Override
    public boolean wanted(CheckRequest request) {
        return !Stage.RCPT.isAfter(request.stopAfter());
    }

    @Override
    public Reply run(Exchange x, Reply previous) throws IOException, Stop {
        x.clock().begin(Stage.RCPT);
        Reply worst = null;
        Reply last = null;
        for (String rcpt : x.request().recipients()) {
            x.client().rcpt("<" + rcpt + ">");
            last = x.lastReply();
            x.found().recipients().add(new RecipientResult(rcpt, last));
            // Only 2xx accepts a recipient; a 3xx here is out of place and must not pass (RecipientResult agrees).
            if (last.codeClass() != 2 && (worst == null || last.codeClass() > worst.codeClass())) {
                worst = last;
            }
        }
        x.clock().completed(Stage.RCPT);
        if (worst != null) {
            throw x.refused(worst);
        }
        return last;
    }
}
