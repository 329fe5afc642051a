package io.smtpcheck.session;

import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Stage;

import java.io.IOException;

/** EHLO, or HELO when the server does not understand EHLO; the reply's capabilities are kept. */
final class Greeting implements Step {

    @Override
    public boolean wanted(CheckRequest request) {
        return !Stage.EHLO.isAfter(request.stopAfter());
    }

    @Override
    public Reply run(Exchange x, Reply previous) throws IOException, Stop {
        x.clock().begin(Stage.EHLO);
        Reply reply = greet(x);
        x.clock().completed(Stage.EHLO);
        return reply;
    }

    /** Greets at the current stage: EHLO here, again inside TLS after the handshake. */
    static Reply greet(Exchange x) throws IOException, Stop {
        String name = x.ehloName();
        x.client().ehlo(name);
        Reply reply = x.lastReply();
        if (reply.code() == 500 || reply.code() == 502) {
            x.transcript().note(x.texts().get("note.helo-fallback"));
            x.client().helo(name);
            reply = x.lastReply();
        }
        x.requirePositive(reply);
        x.found().advertised(Capabilities.of(reply));
        return reply;
    }
}
