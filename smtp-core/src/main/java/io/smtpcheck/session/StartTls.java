package io.smtpcheck.session;

import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.SecurityMode;
import io.smtpcheck.request.Stage;
import io.smtpcheck.tls.TlsFacts;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Socket;
import java.security.cert.X509Certificate;

/**
 * STARTTLS and the EHLO after it. Implicit TLS has no stage of its own here: Commons Net shakes hands while
 * connecting, and {@link #implicitHandshakeDone} records it.
 */
final class StartTls implements Step {

    /** Whether STARTTLS is looked for, even when the check stops after EHLO (then it is not started). */
    @Override
    public boolean wanted(CheckRequest request) {
        SecurityMode mode = request.security();
        return (mode == SecurityMode.STARTTLS_IF_OFFERED || mode == SecurityMode.STARTTLS_REQUIRED) && !Stage.EHLO.isAfter(request.stopAfter());
    }

    @Override
    public Reply run(Exchange x, Reply greeting) throws IOException, Stop {
        CheckRequest request = x.request();
        if (!x.found().capabilities().offers("STARTTLS")) {
            boolean authNeedsTls = request.credentials() != null && !request.allowPlaintextAuth();
            if (request.security() == SecurityMode.STARTTLS_REQUIRED || authNeedsTls) {
                throw new Stop(x.classifier().tlsNotOffered(greeting, request));
            }
            x.transcript().note(x.texts().get("note.starttls-not-offered"));
            return greeting;
        }
        if (request.stopAfter() == Stage.EHLO) {
            // Stopping after EHLO means before STARTTLS (TLS is the next stage); that it is offered was checked.
            return greeting;
        }
        x.clock().begin(Stage.TLS);
        if (!x.client().execTLS()) {
            throw x.refused(x.lastReply());
        }
        record(x, ((SSLSocket) x.client().socket()).getSession());
        // RFC 3207: the client must forget what it learned before TLS and greet again.
        Reply again = Greeting.greet(x);
        x.clock().completed(Stage.TLS);
        return again;
    }

    /** For implicit TLS, called before the first reply: the handshake note goes between "Connected" and the banner. */
    static void implicitHandshakeDone(Exchange x, Socket socket) {
        if (x.request().security() == SecurityMode.IMPLICIT_TLS && x.clock().current() == Stage.TLS && socket instanceof SSLSocket ssl) {
            record(x, ssl.getSession());
            x.clock().completed(Stage.TLS);
            x.clock().moveTo(Stage.BANNER);
        }
    }

    private static void record(Exchange x, SSLSession session) {
        X509Certificate leaf = x.peerChain().leaf();
        if (leaf == null) {
            try {
                leaf = (X509Certificate) session.getPeerCertificates()[0];
            } catch (SSLPeerUnverifiedException e) {
                x.transcript().note(x.texts().get("note.tls-no-certificate", session.getProtocol(), session.getCipherSuite()));
                return;
            }
        }
        TlsFacts tls = TlsFacts.of(session.getProtocol(), session.getCipherSuite(), leaf);
        x.found().tls(tls);
        x.transcript().note(x.texts().get("note.tls", tls.protocol(), tls.cipherSuite(), tls.subject(), tls.notAfter().toString()));
    }
}
