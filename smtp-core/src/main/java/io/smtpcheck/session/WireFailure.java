package io.smtpcheck.session;

import io.smtpcheck.classify.Outcome;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.tls.TlsTransport;
import io.smtpcheck.request.Stage;
import io.smtpcheck.wire.ReplySyntaxException;
import org.apache.commons.net.MalformedServerReplyException;
import org.apache.commons.net.smtp.SMTPConnectionClosedException;

import javax.net.ssl.SSLException;
import java.io.IOException;

/**
 * What an I/O error means for the check: the stage is the one that was under way, except where Commons Net does two
 * stages in one call (TCP and banner, implicit TLS and banner), and a 421 it read and threw on is the server's reply.
 */
final class WireFailure {

    private WireFailure() {
    }

    static Outcome outcome(Exchange x, IOException e) {
        CheckRequest request = x.request();
        if (e instanceof MalformedServerReplyException && !(e instanceof ReplySyntaxException) && e.getMessage() != null
                && !x.transcript().scrub(e.getMessage()).equals(e.getMessage())) {
            // The message quotes the server's line, and with it any secret the server echoed. (The strict reader's own
            // errors quote the line masked and escaped already, and keep their type for the classifier.)
            e = new MalformedServerReplyException(x.transcript().scrub(e.getMessage()));
        }
        GuardedSocketFactory.GuardedSocket socket = x.sockets().lastSocket();
        boolean tcpConnected = socket != null && socket.tcpConnected();
        recordUnfinishedReply(x);
        Stage stage = x.clock().current();
        ProbeClient client = x.client();
        if (e instanceof SMTPConnectionClosedException && client != null && client.getReplyCode() == 421) {
            // Commons Net throws on 421 after reading it: the reply, not the closing, is the server's answer.
            Reply reply = ReplyReader.toReply(client.getReplyCode(), client.getReplyStrings(), x.transcript());
            if (reply != null) {
                if (stage == Stage.RCPT) {
                    // The recipient the 421 answered: the first without a reply.
                    String pending = request.recipients().get(x.found().recipients().size());
                    x.found().recipients().add(new RecipientResult(pending, reply));
                }
                return x.classifier().reply(stage, reply, request);
            }
        }
        if (stage == Stage.CONNECT && tcpConnected) {
            stage = Stage.BANNER;
        }
        if (stage == Stage.BANNER && request.tlsPolicy().transport() == TlsTransport.IMPLICIT && x.found().tls() == null && causedBy(e, SSLException.class)) {
            stage = Stage.TLS;
        }
        return x.classifier().failure(stage, e, request);
    }

    /**
     * Commons Net hands a reply to the transcript only once it is complete; when the server stops in the middle
     * of a multi-line reply, the lines it did send are what the user needs to see.
     */
    private static void recordUnfinishedReply(Exchange x) {
        ProbeClient client = x.client();
        if (client == null) {
            return;
        }
        String[] lines = client.getReplyStrings();
        String text = client.getReplyString();
        if (lines.length > 0 && text != null && !text.equals(x.transcript().lastReply())) {
            for (String line : lines) {
                x.transcript().server(line);
            }
            x.transcript().note(x.texts().get("note.unfinished-reply"));
        }
    }

    static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
