package io.smtpcheck.session;

import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Stage;

import java.io.IOException;

/**
 * MAIL FROM with the request's sender (the null reverse-path {@code <>} when it is empty) and the parameters a sending
 * MTA would add for what the server advertised: {@code SIZE=} when DATA follows (RFC 1870), {@code BODY=8BITMIME}
 * for an 8-bit test message (RFC 6152), {@code SMTPUTF8} for an address that is not ASCII (RFC 6531).
 */
final class MailFrom implements Step {

    @Override
    public boolean wanted(CheckRequest request) {
        return !Stage.MAIL.isAfter(request.stopAfter());
    }

    @Override
    public Reply run(Exchange x, Reply previous) throws IOException, Stop {
        x.clock().begin(Stage.MAIL);
        x.client().mail("<" + x.request().mailFrom() + ">" + parameters(x));
        Reply reply = x.lastReply();
        x.clock().completed(Stage.MAIL);
        x.requirePositive(reply);
        return reply;
    }

    private static String parameters(Exchange x) {
        Capabilities offered = x.found().capabilities();
        StringBuilder parameters = new StringBuilder();
        if (Stage.DATA == x.request().stopAfter()) {
            TestMessage message = x.message();
            if (offered.offers("SIZE")) {
                parameters.append(" SIZE=").append(message.size());
            }
            if (message.eightBit() && offered.offers("8BITMIME")) {
                parameters.append(" BODY=8BITMIME");
            }
        }
        if (x.request().needsSmtpUtf8() && offered.offers("SMTPUTF8")) {
            parameters.append(" SMTPUTF8");
        }
        return parameters.toString();
    }
}
