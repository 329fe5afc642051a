package io.smtpcheck.session;

import io.smtpcheck.classify.DeadlineExceededException;
import io.smtpcheck.classify.LimitExceededException;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Stage;
import io.smtpcheck.tls.CertificateInfo;
import io.smtpcheck.tls.PeerNames;
import io.smtpcheck.tls.TlsDecisions;
import io.smtpcheck.tls.TlsFinding;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;
import io.smtpcheck.tls.TlsReport;
import io.smtpcheck.tls.TlsStep;
import io.smtpcheck.tls.TlsTransport;
import io.smtpcheck.tls.Trust;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Socket;
import java.time.Instant;
import java.util.List;

/**
 * TLS at the request's level, as Postfix's smtp_tls_security_level: STARTTLS when level and server agree, a handshake
 * that accepts any chain, then the level's verdict on the evaluated chain ({@link TlsDecisions}) and the EHLO after it.
 * At level may a refused STARTTLS goes on in plaintext, and a failed handshake reconnects once without STARTTLS, as
 * Postfix retries a delivery; the result warns of either. Implicit TLS has no stage of its own: Commons Net shakes hands
 * while connecting, {@link #implicitHandshakeDone} records it and {@link #judgeImplicit} gives the level's verdict.
 */
final class StartTls implements Step {

    /** Whether STARTTLS is looked for, even when the check stops after EHLO (then it is not started). */
    @Override
    public boolean wanted(CheckRequest request) {
        TlsPolicy policy = request.tlsPolicy();
        return policy.transport() == TlsTransport.STARTTLS && policy.level() != TlsLevel.NONE && !Stage.EHLO.isAfter(request.stopAfter());
    }

    @Override
    public Reply run(Exchange x, Reply greeting) throws IOException, Stop {
        CheckRequest request = x.request();
        TlsPolicy policy = request.tlsPolicy();
        TlsStep before = TlsDecisions.beforeStartTls(policy, x.found().capabilities().offers("STARTTLS"), request.auth());
        if (before instanceof TlsStep.Stop stop) {
            throw new Stop(x.classifier().tlsFailure(Stage.TLS, stop.problem(), greeting, request));
        }
        if (before instanceof TlsStep.Plaintext) {
            x.transcript().note("STARTTLS not offered; going on without TLS");
            return greeting;
        }
        if (request.stopAfter() == Stage.EHLO) {
            // Stopping after EHLO means before STARTTLS (TLS is the next stage); that it is offered was checked.
            return greeting;
        }
        x.clock().begin(Stage.TLS);
        try {
            if (!x.client().execTLS()) {
                Reply refused = x.lastReply();
                TlsStep.Plaintext plain = TlsDecisions.afterStartTlsRefused(policy, refused.raw(), request.auth()).orElseThrow(() -> x.refused(refused));
                fellBack(x, plain.warning(), "STARTTLS refused; going on without TLS, as Postfix does at level may");
                return greeting;
            }
        } catch (SSLException e) {
            if (WireFailure.causedBy(e, DeadlineExceededException.class) || WireFailure.causedBy(e, LimitExceededException.class)) {
                // The session's own bounds, not the server's TLS: classified as they are everywhere else.
                throw e;
            }
            TlsStep failed = TlsDecisions.afterHandshakeFailure(policy, String.valueOf(e.getMessage()), request.auth());
            if (failed instanceof TlsStep.Stop stop) {
                throw new Stop(x.classifier().tlsFailure(Stage.TLS, stop.problem(), null, request));
            }
            fellBack(x, ((TlsStep.Plaintext) failed).warning(),
                    "TLS handshake failed (" + e.getMessage() + "); reconnecting without TLS, as Postfix does at level may");
            return reconnect(x);
        }
        established(x, ((SSLSocket) x.client().socket()).getSession());
        judge(x);
        // RFC 3207: the client must forget what it learned before TLS and greet again.
        Reply again = Greeting.greet(x);
        x.clock().completed(Stage.TLS);
        return again;
    }

    /** For implicit TLS, called before the first reply: the handshake note goes between "Connected" and the banner. */
    static void implicitHandshakeDone(Exchange x, Socket socket) {
        if (x.request().tlsPolicy().transport() == TlsTransport.IMPLICIT && x.clock().current() == Stage.TLS && socket instanceof SSLSocket ssl) {
            established(x, ssl.getSession());
            x.clock().completed(Stage.TLS);
            x.clock().moveTo(Stage.BANNER);
        }
    }

    /** For implicit TLS, once connected: the level's verdict on the handshake, before the banner is looked at. */
    static void judgeImplicit(Exchange x) throws Stop {
        if (x.request().tlsPolicy().transport() == TlsTransport.IMPLICIT && x.found().tls() != null) {
            judge(x);
        }
    }

    /** Evaluates the presented chain against the trust anchors and wanted names; the transcript shows it as Postfix logs it. */
    private static void established(Exchange x, SSLSession session) {
        CheckRequest request = x.request();
        TlsPolicy policy = request.tlsPolicy();
        List<String> wanted = PeerNames.wanted(policy.effectiveMatch(), request.host(), request.nexthop());
        TlsReport report = x.evaluator().evaluate(session, wanted, Instant.now());
        String line = report.logLine(policy.level(), request.host(), x.found().address(), request.port());
        x.found().tls(report, line);
        x.transcript().note(line);
        for (CertificateInfo c : report.chain()) {
            x.transcript().note("  depth=" + c.depth() + " subject=" + c.subject() + " issuer=" + c.issuer() + " notAfter=" + c.notAfter());
        }
        if (report.trust() != Trust.VERIFIED) {
            x.transcript().note("  not verified: " + report.why());
        }
    }

    /** The level's verdict and the certificate-life thresholds: a TLS failure, an unmet expectation, or on with warnings. */
    private static void judge(Exchange x) throws Stop {
        CheckRequest request = x.request();
        TlsStep step = TlsDecisions.afterHandshake(request.tlsPolicy(), x.found().tls(), request.expectations().certDays(), Instant.now());
        if (step instanceof TlsStep.Stop stop) {
            throw new Stop(x.classifier().tlsFailure(Stage.TLS, stop.problem(), null, request));
        }
        if (step instanceof TlsStep.Unmet unmet) {
            throw unmet(x, unmet);
        }
        for (TlsFinding warning : ((TlsStep.Proceed) step).warnings()) {
            x.found().warnings().add(x.classifier().warning(warning, request));
        }
    }

    /** The certificate-life expectation the session did not meet, ending the check at TLS. */
    static Stop unmet(Exchange x, TlsStep.Unmet unmet) {
        return new Stop(x.classifier().expectation(Stage.TLS, unmet.expectation(), unmet.actual(), null, x.request(),
                unmet.problem().diagnosisId(), unmet.problem().args().toArray()));
    }

    private static void fellBack(Exchange x, TlsFinding warning, String note) {
        x.transcript().note(note);
        x.found().fellBack(warning.args().get(0));
        x.found().warnings().add(x.classifier().warning(warning, x.request()));
    }

    /** A new connection, banner and EHLO, without STARTTLS: bounded to once, since this stage runs once per check. */
    private static Reply reconnect(Exchange x) throws IOException, Stop {
        Quit.disconnect(x);
        new Banner().run(x, new Connect().run(x, null));
        x.clock().begin(Stage.EHLO);
        Reply greeting = Greeting.greet(x);
        x.clock().completed(Stage.EHLO);
        return greeting;
    }
}
