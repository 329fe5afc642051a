package io.smtpcheck.session;

import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Stage;

import java.io.IOException;
import java.io.Writer;

/** DATA, the test message, and the final dot. */
final class Data implements Step {

    @Override
    public boolean wanted(CheckRequest request) {
        return !Stage.DATA.isAfter(request.stopAfter());
    }

    @Override
    public Reply run(Exchange x, Reply previous) throws IOException, Stop {
        x.clock().begin(Stage.DATA);
        Writer body = x.client().sendMessageData();
        if (body == null) {
            throw x.refused(x.lastReply());
        }
        String message = x.message().text();
        // As it goes on the wire: Commons Net's writer doubles a leading dot (RFC 5321 section 4.5.2).
        message.lines().map(line -> line.startsWith(".") ? "." + line : line).forEach(x.transcript()::client);
        x.transcript().client(".");
        body.write(message);
        body.close();
        x.client().completePendingCommand();
        Reply reply = x.lastReply();
        x.clock().completed(Stage.DATA);
        x.requirePositive(reply);
        return reply;
    }
}
