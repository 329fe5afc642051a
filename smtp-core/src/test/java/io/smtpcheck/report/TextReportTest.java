package io.smtpcheck.report;

import io.smtpcheck.catalog.Diagnosis;
import io.smtpcheck.classify.DiagnosisIds;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Stage;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.tls.TlsResult;
import io.smtpcheck.tls.TlsTransport;
import io.smtpcheck.tls.Trust;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static io.smtpcheck.report.Results.CLASSIFIER;
import static io.smtpcheck.report.Results.request;
import static io.smtpcheck.request.Stage.BANNER;
import static io.smtpcheck.request.Stage.CONNECT;
import static io.smtpcheck.request.Stage.EHLO;
import static io.smtpcheck.request.Stage.MAIL;
import static io.smtpcheck.request.Stage.QUIT;
import static io.smtpcheck.request.Stage.RCPT;
import static io.smtpcheck.request.Stage.TLS;
import static org.assertj.core.api.Assertions.assertThat;

/** The human report, from hand-made results; diagnoses in English. */
class TextReportTest {

    private static List<String> lines(String report) {
        return report.lines().toList();
    }

    @Test
    void aPassHasTheVerdictLineReplyRecipientsDiagnosisAndTimings() {
        CheckResult r = Results.of(request(2525).recipient("alice@example.test").build())
                .passed(RCPT, "250 2.1.5 Ok").recipient("alice@example.test", "250 2.1.5 Ok")
                .timed(CONNECT, BANNER, EHLO, MAIL, RCPT, QUIT).build();

        assertThat(lines(TextReport.render(r, false))).containsExactly(
                "PASS  127.0.0.1:2525: passed up to RCPT TO",
                "  reply:     250 2.1.5 Ok  [enhanced 2.1.5, ESA #2.1.5]",
                "  accepted:  <alice@example.test> 250 2.1.5 Ok",
                "  diagnosis: The listener accepted the exchange up to RCPT TO.",
                "  timings:   connect 1 ms, 220 banner 2 ms, EHLO/HELO 3 ms, MAIL FROM 4 ms, RCPT TO 5 ms, QUIT 6 ms (total 22 ms)");
    }

    @Test
    void anEsaReplyShowsBothFormsOfTheEnhancedCodeAndTheFullDiagnosis() {
        CheckResult r = Results.of(request(2525).build()).refusedAt(BANNER, "421 #4.4.5 Too many TLS sessions.").timed(CONNECT, BANNER).build();
        Diagnosis d = r.outcome().diagnosis();
        assertThat(d.id()).isEqualTo("esa.too-many-tls-sessions");

        assertThat(lines(TextReport.render(r, false))).containsExactly(
                "TRANSIENT  127.0.0.1:2525: transient failure (4xx) at 220 banner",
                "  reply:     421 #4.4.5 Too many TLS sessions.  [enhanced 4.4.5, ESA #4.4.5]",
                "  diagnosis: The listener has reached its limit of simultaneous TLS sessions.",
                "  why:       " + d.explanation(),
                "  remedy:    " + d.remedy(),
                "  timings:   connect 1 ms, 220 banner 2 ms (total 4 ms)");
        assertThat(d.explanation()).isNotBlank();
        assertThat(d.remedy()).startsWith("Retry later.");
    }

    @Test
    void anRfcEnhancedCodeIsShownInEsaFormToo() {
        CheckResult r = Results.of(request(2525).recipient("alice@example.test").build())
                .refusedAt(RCPT, "421 4.4.5 Too many connections from your host.").build();

        assertThat(TextReport.render(r, false))
                .contains("  reply:     421 4.4.5 Too many connections from your host.  [enhanced 4.4.5, ESA #4.4.5]\n")
                .contains("  diagnosis: Too many connections from your host: the per-host connection limit was reached.\n");
    }

    @Test
    void everyRecipientIsListedAcceptedOrRefused() {
        String unknown = "550 5.1.1 <bob@example.test>: Recipient address rejected: User unknown in local recipient table";
        CheckResult r = Results.of(request(2525).recipient("alice@example.test").recipient("bob@example.test").recipient("carol@example.test").build())
                .refusedAt(RCPT, unknown)
                .recipient("alice@example.test", "250 2.1.5 Ok").recipient("bob@example.test", unknown).recipient("carol@example.test", "250 2.1.5 Ok")
                .build();

        List<String> lines = lines(TextReport.render(r, false));
        assertThat(lines.get(0)).isEqualTo("FAIL  127.0.0.1:2525: permanent failure (5xx) at RCPT TO");
        assertThat(lines).containsSubsequence(
                "  reply:     " + unknown + "  [enhanced 5.1.1, ESA #5.1.1]",
                "  accepted:  <alice@example.test> 250 2.1.5 Ok",
                "  refused:   <bob@example.test> " + unknown,
                "  accepted:  <carol@example.test> 250 2.1.5 Ok",
                "  diagnosis: " + r.outcome().diagnosis().summary(),
                "  why:       " + r.outcome().diagnosis().explanation(),
                "  remedy:    " + r.outcome().diagnosis().remedy());
        assertThat(r.outcome().diagnosis().id()).isEqualTo("postfix.user-unknown-local");
    }

    @Test
    void aNetworkFailureShowsItsDetailAndHowLongTheConnectTook() {
        CheckResult r = Results.of(request(2599).build()).failedAt(CONNECT, new ConnectException("Connection refused")).notConnected()
                .timed(CONNECT).build();

        assertThat(lines(TextReport.render(r, false))).containsExactly(
                "FAIL  127.0.0.1:2599: network failure (REFUSED) at connect",
                "  detail:    Connection refused",
                "  diagnosis: Connection refused by 127.0.0.1:2599.",
                "  why:       The host answered but nothing listens on that port, or a firewall rejects the connection actively.",
                "  remedy:    Check that the SMTP service runs and listens on this address and port (ss -ltn), the port number, and the firewall rules.",
                "  timings:   connect 1 ms (total 2 ms)");
    }

    @Test
    void aFailedExpectationShowsWhatWasFound() {
        CheckRequest request = request(2525).build();
        String banner = "220 mx1.example.test ESMTP smtp-testkit";
        CheckResult r = Results.of(request).outcome(CLASSIFIER.expectation(BANNER, "banner matches ESMTP Postfix", banner, Reply.of(banner), request,
                DiagnosisIds.Expect.BANNER, "ESMTP Postfix", banner)).build();

        assertThat(lines(TextReport.render(r, false))).containsSubsequence(
                "FAIL  127.0.0.1:2525: expectation failed (banner matches ESMTP Postfix) at 220 banner",
                "  reply:     220 mx1.example.test ESMTP smtp-testkit",
                "  found:     220 mx1.example.test ESMTP smtp-testkit",
                "  diagnosis: The banner does not match the expected pattern.",
                "  why:       Expected a banner matching ESMTP Postfix, got: 220 mx1.example.test ESMTP smtp-testkit");
    }

    @Test
    void aTlsSessionIsSummarisedAsAPostfixLogShowsItWithTheChain() {
        CheckResult r = Results.of(request(2525).build())
                .passed(TLS, "250-mx1.example.test", "250 8BITMIME")
                .tls(Results.mx1Tls(TlsLevel.MAY, Trust.UNTRUSTED, "self-signed certificate: server certificate (CN=mx1.example.test) is not in the JVM trust store"))
                .timed(CONNECT, BANNER, EHLO, TLS, QUIT).build();

        assertThat(TextReport.render(r, false)).contains("\n"
                + "  tls:       Untrusted TLS connection established to mx1.example.test[127.0.0.1]:2525: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (level may)\n"
                + "             not verified: self-signed certificate: server certificate (CN=mx1.example.test) is not in the JVM trust store\n"
                + "             names: DNS:mx1.example.test; wanted mx1.example.test\n"
                + "             certificate 0: CN=mx1.example.test, issued by CN=Example Test CA, valid until 2025-04-01T00:00:00Z\n");
    }

    @Test
    void aVerifiedSessionHasNoWhy() {
        CheckResult r = Results.of(request(2525).build()).passed(TLS, "250 mx1.example.test").tls(Results.mx1Tls(TlsLevel.VERIFY, Trust.VERIFIED)).build();

        assertThat(TextReport.render(r, false)).contains("  tls:       Verified TLS connection established").doesNotContain("not verified");
    }

    @Test
    void warningsFollowTheVerdictLineAndAFallbackSaysWhatFailed() {
        CheckResult r = Results.of(request(2525).build()).passed(TLS, "250 mx1.example.test")
                .warning(Results.warning("tls.fallback", "TLS handshake failed: bad record MAC; continued without TLS", "TLS handshake failed: bad record MAC"))
                .tls(new TlsResult(TlsLevel.MAY, TlsTransport.STARTTLS, null, null, "TLS handshake failed: bad record MAC")).build();

        assertThat(lines(TextReport.render(r, false))).startsWith(
                "PASS  127.0.0.1:2525: passed up to TLS",
                "  warning:   TLS failed and the session went on without it (TLS handshake failed: bad record MAC).")
                .contains("  tls:       none: TLS handshake failed: bad record MAC; went on without TLS (level may)");
    }

    @Test
    void withTheTranscriptFirstAndSeveralResultsSeparatedByABlankLine() {
        CheckResult ra = greeted(2525, "a.example.test");
        CheckResult rb = greeted(2526, "b.example.test");

        String report = TextReport.render(List.of(ra, rb), true);
        assertThat(report).endsWith("\n").doesNotEndWith("\n\n");
        String[] blocks = report.substring(0, report.length() - 1).split("\n\n");
        assertThat(blocks).hasSize(4);
        assertThat(blocks[0]).isEqualTo(ra.transcript().render()).contains("<- 220 a.example.test ESMTP smtp-testkit", "-> QUIT");
        assertThat(blocks[1]).startsWith("PASS  127.0.0.1:2525: passed up to EHLO/HELO\n");
        assertThat(blocks[2]).isEqualTo(rb.transcript().render()).contains("<- 220 b.example.test ESMTP smtp-testkit");
        assertThat(blocks[3]).startsWith("PASS  127.0.0.1:2526: passed up to EHLO/HELO\n");
        assertThat(TextReport.render(List.of(ra, rb), false)).doesNotContain("ms <- ").contains("\n\nPASS  127.0.0.1:2526");
    }

    private static CheckResult greeted(int port, String hostname) {
        return Results.of(request(port).tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).build()).passed(EHLO, "250-" + hostname, "250 PIPELINING")
                .transcript("** Trying 127.0.0.1...", "** Connected to 127.0.0.1 port " + port + ".", "<- 220 " + hostname + " ESMTP smtp-testkit",
                        "-> EHLO probe.example.test", "<- 250-" + hostname, "<- 250 PIPELINING", "-> QUIT", "<- 221 2.0.0 Bye", "** Connection closed.")
                .timed(CONNECT, BANNER, EHLO, QUIT).build();
    }

    @Test
    void diagnosesAreInEnglishForAnEnglishRequest() {
        for (Locale locale : List.of(Locale.ENGLISH, Locale.UK, Locale.US)) {
            CheckResult r = Results.of(request(2525).recipient("alice@example.test").locale(locale).build())
                    .refusedAt(Stage.RCPT, "452 #4.5.3 Too many recipients").build();

            assertThat(TextReport.render(r, false)).as("locale %s", locale)
                    .contains("  reply:     452 #4.5.3 Too many recipients  [enhanced 4.5.3, ESA #4.5.3]\n")
                    .contains("  diagnosis: Too many recipients for one message.\n")
                    .contains("  why:       The server accepts only a limited number of RCPT TO commands per message;")
                    .contains("  remedy:    Send fewer recipients per message");
        }
    }
}
