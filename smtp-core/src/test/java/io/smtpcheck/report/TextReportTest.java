package io.smtpcheck.report;

import io.smtpcheck.catalog.Diagnosis;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Stage;
import io.smtpcheck.request.Expectations;
import io.smtpcheck.request.SecurityMode;
import io.smtpcheck.request.TlsOptions;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.StageTiming;
import io.smtpcheck.session.SmtpSession;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.testkit.TlsIdentity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The human report. Diagnoses are tested in English only: this branch ships only the base bundle
 * (Messages.properties); the French, Russian, Japanese and Arabic bundles are not on it yet.
 */
class TextReportTest {

    private static CheckRequest.Builder against(ScriptedSmtpServer server) {
        return CheckRequest.builder(server.host()).port(server.port()).heloName("probe.example.test").mailFrom("probe@example.test");
    }

    private static List<String> lines(String report) {
        return report.lines().toList();
    }

    @Test
    void aPassHasTheVerdictLineReplyRecipientsDiagnosisAndTimings() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start()) {
            CheckResult r = SmtpSession.check(against(server).recipient("alice@example.test").build());

            List<String> lines = lines(TextReport.render(r, false));
            assertThat(lines.get(0)).isEqualTo("PASS  127.0.0.1:" + server.port() + ": passed up to RCPT TO");
            assertThat(lines).containsSubsequence(
                    "  reply:     250 2.1.5 Ok  [enhanced 2.1.5, ESA #2.1.5]",
                    "  accepted:  <alice@example.test> 250 2.1.5 Ok",
                    "  diagnosis: The listener accepted the exchange up to RCPT TO.");
            assertThat(lines).noneMatch(l -> l.startsWith("  why:") || l.startsWith("  remedy:") || l.startsWith("  tls:"));
            assertThat(lines.get(lines.size() - 1)).matches(
                    "  timings:   connect \\d+ ms, 220 banner \\d+ ms, EHLO/HELO \\d+ ms, MAIL FROM \\d+ ms, RCPT TO \\d+ ms, QUIT \\d+ ms \\(total \\d+ ms\\)");
        }
    }

    @Test
    void anEsaReplyShowsBothFormsOfTheEnhancedCodeAndTheFullDiagnosis() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .banner(Action.replyThenClose("421 #4.4.5 Too many TLS sessions.")).start()) {
            CheckResult r = SmtpSession.check(against(server).build());
            Diagnosis d = r.outcome().diagnosis();
            assertThat(d.id()).isEqualTo("esa.too-many-tls-sessions");

            List<String> lines = lines(TextReport.render(r, false));
            assertThat(lines).containsExactly(
                    "TRANSIENT  127.0.0.1:" + server.port() + ": transient failure (4xx) at 220 banner",
                    "  reply:     421 #4.4.5 Too many TLS sessions.  [enhanced 4.4.5, ESA #4.4.5]",
                    "  diagnosis: The listener has reached its limit of simultaneous TLS sessions.",
                    "  why:       " + d.explanation(),
                    "  remedy:    " + d.remedy(),
                    lines.get(5));
            assertThat(d.explanation()).isNotBlank();
            assertThat(d.remedy()).startsWith("Retry later.");
            assertThat(lines.get(5)).startsWith("  timings:   connect ");
        }
    }

    @Test
    void anRfcEnhancedCodeIsShownInEsaFormToo() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("RCPT", Action.reply("421 4.4.5 Too many connections from your host.")).start()) {
            CheckResult r = SmtpSession.check(against(server).recipient("alice@example.test").build());

            assertThat(TextReport.render(r, false))
                    .contains("  reply:     421 4.4.5 Too many connections from your host.  [enhanced 4.4.5, ESA #4.4.5]\n")
                    .contains("  diagnosis: Too many connections from your host: the per-host connection limit was reached.\n");
        }
    }

    @Test
    void everyRecipientIsListedAcceptedOrRefused() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("RCPT", Action.reply("250 2.1.5 Ok"),
                        Action.reply("550 5.1.1 <bob@example.test>: Recipient address rejected: User unknown in local recipient table"),
                        Action.reply("250 2.1.5 Ok"))
                .start()) {
            CheckResult r = SmtpSession.check(against(server)
                    .recipient("alice@example.test").recipient("bob@example.test").recipient("carol@example.test").build());

            List<String> lines = lines(TextReport.render(r, false));
            assertThat(lines.get(0)).isEqualTo("FAIL  127.0.0.1:" + server.port() + ": permanent failure (5xx) at RCPT TO");
            assertThat(lines).containsSubsequence(
                    "  reply:     550 5.1.1 <bob@example.test>: Recipient address rejected: User unknown in local recipient table  [enhanced 5.1.1, ESA #5.1.1]",
                    "  accepted:  <alice@example.test> 250 2.1.5 Ok",
                    "  refused:   <bob@example.test> 550 5.1.1 <bob@example.test>: Recipient address rejected: User unknown in local recipient table",
                    "  accepted:  <carol@example.test> 250 2.1.5 Ok",
                    "  diagnosis: " + r.outcome().diagnosis().summary(),
                    "  why:       " + r.outcome().diagnosis().explanation(),
                    "  remedy:    " + r.outcome().diagnosis().remedy());
            assertThat(r.outcome().diagnosis().id()).isEqualTo("postfix.user-unknown-local");
        }
    }

    @Test
    void aNetworkFailureShowsItsDetailAndHowLongTheConnectTook() {
        int closedPort;
        try (ScriptedSmtpServer gone = ScriptedSmtpServer.builder().start()) {
            closedPort = gone.port();
        }
        CheckResult r = SmtpSession.check(CheckRequest.builder("127.0.0.1").port(closedPort).heloName("probe.example.test").build());

        assertThat(lines(TextReport.render(r, false))).containsExactly(
                "FAIL  127.0.0.1:" + closedPort + ": network failure (REFUSED) at connect",
                "  detail:    Connection refused",
                "  diagnosis: Connection refused by 127.0.0.1:" + closedPort + ".",
                "  why:       The host answered but nothing listens on that port, or a firewall rejects the connection actively.",
                "  remedy:    Check that the SMTP service runs and listens on this address and port (ss -ltn), the port number, and the firewall rules.",
                "  timings:   connect " + r.timings().get(0).millis() + " ms (total " + r.elapsedMillis() + " ms)");
        assertThat(r.timings()).extracting(StageTiming::stage).containsExactly(Stage.CONNECT);
    }

    @Test
    void aFailedExpectationShowsWhatWasFound() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().hostname("mx1.example.test").start()) {
            CheckResult r = SmtpSession.check(against(server)
                    .expectations(new Expectations(Pattern.compile("ESMTP Postfix"), List.of(), 0)).build());

            assertThat(lines(TextReport.render(r, false))).containsSubsequence(
                    "FAIL  127.0.0.1:" + server.port() + ": expectation failed (banner matches ESMTP Postfix) at 220 banner",
                    "  reply:     220 mx1.example.test ESMTP smtp-testkit",
                    "  found:     220 mx1.example.test ESMTP smtp-testkit",
                    "  diagnosis: The banner does not match the expected pattern.",
                    "  why:       Expected a banner matching ESMTP Postfix, got: 220 mx1.example.test ESMTP smtp-testkit");
        }
    }

    @Test
    void aTlsSessionIsSummarised() {
        TlsIdentity identity = TlsIdentity.selfSigned("mx1.example.test", Duration.ofDays(90));
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().starttls(identity).start()) {
            CheckResult r = SmtpSession.check(against(server).security(SecurityMode.STARTTLS_REQUIRED)
                    .tls(new TlsOptions(null, true, false)).build());

            assertThat(TextReport.render(r, false)).containsPattern(
                    "\n  tls:       TLSv1\\.\\d TLS_\\w+; CN=mx1\\.example\\.test, valid until \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\n");
        }
    }

    @Test
    void withTheTranscriptFirstAndSeveralResultsSeparatedByABlankLine() {
        try (ScriptedSmtpServer a = ScriptedSmtpServer.builder().hostname("a.example.test").start();
             ScriptedSmtpServer b = ScriptedSmtpServer.builder().hostname("b.example.test").start()) {
            CheckResult ra = SmtpSession.check(against(a).security(SecurityMode.NONE).build());
            CheckResult rb = SmtpSession.check(against(b).security(SecurityMode.NONE).build());

            String report = TextReport.render(List.of(ra, rb), true);
            assertThat(report).endsWith("\n").doesNotEndWith("\n\n");
            String[] blocks = report.substring(0, report.length() - 1).split("\n\n");
            assertThat(blocks).hasSize(4);
            assertThat(blocks[0]).isEqualTo(ra.transcript().render()).contains("<- 220 a.example.test ESMTP smtp-testkit", "-> QUIT");
            assertThat(blocks[1]).startsWith("PASS  127.0.0.1:" + a.port() + ": passed up to EHLO/HELO\n");
            assertThat(blocks[2]).isEqualTo(rb.transcript().render()).contains("<- 220 b.example.test ESMTP smtp-testkit");
            assertThat(blocks[3]).startsWith("PASS  127.0.0.1:" + b.port() + ": passed up to EHLO/HELO\n");
            assertThat(TextReport.render(List.of(ra, rb), false)).doesNotContain("ms <- ").contains("\n\nPASS  127.0.0.1:" + b.port());
        }
    }

    @Test
    void diagnosesAreInEnglishForAnEnglishRequest() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("RCPT", Action.reply("452 #4.5.3 Too many recipients")).start()) {
            for (Locale locale : List.of(Locale.ENGLISH, Locale.UK, Locale.US)) {
                CheckResult r = SmtpSession.check(against(server).recipient("alice@example.test").locale(locale).build());

                assertThat(TextReport.render(r, false)).as("locale %s", locale)
                        .contains("  reply:     452 #4.5.3 Too many recipients  [enhanced 4.5.3, ESA #4.5.3]\n")
                        .contains("  diagnosis: Too many recipients for one message.\n")
                        .contains("  why:       The server accepts only a limited number of RCPT TO commands per message;")
                        .contains("  remedy:    Send fewer recipients per message");
            }
        }
    }
}
