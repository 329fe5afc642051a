package io.smtpcheck.session;

import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Stage;

import java.io.IOException;

/** MAIL FROM with the request's sender; the null reverse-path {@code <>} when it is empty. */
final class MailFrom implements Step {

    @Override
    public boolean wanted(CheckRequest request) {
        return !Stage.MAIL.isAfter(request.stopAfter());
    }

    @Override
    public Reply run(Exchange x, Reply previous) throws IOException, Stop {
        x.clock().begin(Stage.MAIL);
        x.client().mail("<" + x.request().mailFrom() + ">");
        Reply reply = x.lastReply();
        x.clock().completed(Stage.MAIL);
        x.requirePositive(reply);
        return reply;
    }
}
