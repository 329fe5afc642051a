package io.smtpcheck.session;

import io.smtpcheck.classify.Outcome;
import io.smtpcheck.report.TextReport;
import io.smtpcheck.request.AuthMechanism;
import io.smtpcheck.request.Credentials;
import io.smtpcheck.request.Stage;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.testkit.TlsIdentity;
import io.smtpcheck.text.Printable;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broken and the legal replies of issue 11's measurements, each through the whole session: a broken reply ends
 * the check as a protocol violation at its stage, with the line shown escaped, never as a pass; a legal one that the
 * lenient reading refused (a bare code as last line, LF alone as line end) passes.
 */
class StrictReplySessionTest {

    @RegisterExtension
    final StartedServers servers = new StartedServers();

    private static Action raw(String bytes) {
        return Action.raw(bytes.getBytes(StandardCharsets.UTF_8));
    }

    private CheckResult checkRcpt(ScriptedSmtpServer.Builder server) {
        return SmtpSession.check(Fixtures.against(servers.start(server)).recipient("rcpt@example.org").tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).build());
    }

    private static void assertViolationAt(CheckResult r, Stage stage, String shownLine) {
        assertThat(r.outcome()).as(r.outcome().toString()).isInstanceOf(Outcome.ProtocolViolation.class);
        assertThat(r.outcome().stage()).isEqualTo(stage);
        assertThat(((Outcome.ProtocolViolation) r.outcome()).detail()).contains("'" + shownLine + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"２２０ mx.example.org ESMTP", "٢٢٠ mx.example.org ESMTP", "2200 mx.example.org ESMTP", "22000 mx.example.org",
            "2202.0.0 mx.example.org", "220\t2.0.0 mx.example.org", "220\u0000 mx.example.org", "220.mx.example.org", "620 mx.example.org"})
    void aBannerWhoseCodeIsNotThreeAsciiDigitsAndASeparatorIsAProtocolViolationAtTheBanner(String banner) {
        CheckResult r = checkRcpt(ScriptedSmtpServer.builder().banner(raw(banner + "\r\n")));

        assertViolationAt(r, Stage.BANNER, Printable.escape(banner));
        assertThat(r.outcome().diagnosis().id()).isEqualTo("protocol.malformed");
        assertThat(TextReport.render(r, true)).doesNotContain("\u0000", "\t");
    }

    @ParameterizedTest
    @ValueSource(strings = {"２５０ 2.1.5 Ok", "2500 2.1.5 Ok", "25000 Ok", "2502.1.5 Ok", "250\t2.1.5 Ok", "250\u0000 Ok", "250.2.1.5 Ok"})
    void aRecipientReplyThatIsNotAReplyNeverPasses(String reply) {
        CheckResult r = checkRcpt(ScriptedSmtpServer.builder().on("RCPT", raw(reply + "\r\n")));

        assertViolationAt(r, Stage.RCPT, Printable.escape(reply));
        assertThat(r.recipients()).isEmpty();
    }

    @Test
    void mixedCodesInOneReplyAreAViolationNotAnAcceptedRecipient() {
        CheckResult r = checkRcpt(ScriptedSmtpServer.builder().on("RCPT", raw("250-2.1.5 Ok so far\r\n550 5.7.1 Relay denied\r\n")));

        assertViolationAt(r, Stage.RCPT, "550 5.7.1 Relay denied");
        assertThat(TextReport.render(r, false)).doesNotContain("accepted:");
    }

    @Test
    void aLineWithoutACodeInsideAReplyIsAViolation() {
        CheckResult r = checkRcpt(ScriptedSmtpServer.builder().on("EHLO", raw("250-mx.example.org\r\nPIPELINING\r\n250 8BITMIME\r\n")));

        assertViolationAt(r, Stage.EHLO, "PIPELINING");
    }

    @Test
    void aContinuationWithoutItsHyphenEndsTheReplyAndTheRestIsNotTheNextAnswer() {
        CheckResult r = checkRcpt(ScriptedSmtpServer.builder().on("EHLO", raw("250-mx.example.org\r\n250 PIPELINING\r\n250 8BITMIME\r\n")));

        assertViolationAt(r, Stage.EHLO, "250 8BITMIME");
        assertThat(r.outcome().diagnosis().id()).isEqualTo("protocol.unsolicited");
        assertThat(r.outcome().diagnosis().summary()).contains("EHLO");
    }

    @Test
    void aTruncatedLastLineFollowedByCloseIsAViolationNotAPass() {
        CheckResult r = checkRcpt(ScriptedSmtpServer.builder().on("RCPT", Action.rawThenClose("250 2.".getBytes(StandardCharsets.US_ASCII))));

        assertViolationAt(r, Stage.RCPT, "250 2.");
        assertThat(r.recipients()).isEmpty();
    }

    @Test
    void aBareCodeIsALegalLastLineAtTheBannerEhloAndRcpt() {
        CheckResult r = checkRcpt(ScriptedSmtpServer.builder().banner(raw("220-mx.example.org ESMTP\r\n220\r\n"))
                .on("EHLO", raw("250-mx.example.org\r\n250\r\n")).on("RCPT", raw("250\r\n")));

        assertThat(r.outcome()).as(r.outcome().toString()).isInstanceOf(Outcome.Passed.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.RCPT);
        assertThat(r.recipients()).singleElement().satisfies(rcpt -> assertThat(rcpt.accepted()).isTrue());
    }

    @Test
    void lfOnlyRepliesAreReadAndNotedInsteadOfTimingOut() {
        CheckResult r = checkRcpt(ScriptedSmtpServer.builder().banner(raw("220 mx.example.org ESMTP\n"))
                .on("EHLO", raw("250-mx.example.org\n250 8BITMIME\n")).on("MAIL", raw("250 2.1.0 Ok\n")).on("RCPT", raw("250 2.1.5 Ok\n")));

        assertThat(r.outcome()).as(r.outcome().toString()).isInstanceOf(Outcome.Passed.class);
        assertThat(r.transcript().lines()).filteredOn(l -> l.text().equals(TranscriptNotes.LF_ONLY)).hasSize(4);
        assertThat(r.elapsedMillis()).as("no reply timeout was waited for").isLessThan(Fixtures.FAST.replyTimeout().toMillis());
    }

    @Test
    void theStarttls220IsBoundByTheLineLength() {
        ScriptedSmtpServer.Builder server = ScriptedSmtpServer.builder().starttls(TlsIdentity.selfSigned("localhost", Duration.ofDays(30)))
                .on("STARTTLS", Action.reply("220 " + "x".repeat(5000)));

        CheckResult r = SmtpSession.check(Fixtures.against(servers.start(server)).tlsPolicy(TlsPolicy.at(TlsLevel.ENCRYPT))
                .stopAfter(Stage.TLS).build());

        assertThat(r.outcome().stage()).isEqualTo(Stage.TLS);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("protocol.line-too-long");
    }

    @Test
    void whatComesOverTlsWithAnUntrustedCertificateIsReadAsStrictly() {
        // Level may goes on with the self-signed certificate; the EHLO over TLS meets the same reader as before it.
        ScriptedSmtpServer.Builder server = ScriptedSmtpServer.builder().starttls(TlsIdentity.selfSigned("localhost", Duration.ofDays(30)))
                .on("EHLO", Action.reply("250-mx.example.org", "250 STARTTLS"), raw("250-mx.example.org\r\n550 5.7.1 Relay denied\r\n"));

        CheckResult r = SmtpSession.check(Fixtures.against(servers.start(server)).recipient("rcpt@example.org")
                .tlsPolicy(TlsPolicy.at(TlsLevel.MAY)).build());

        assertViolationAt(r, Stage.TLS, "550 5.7.1 Relay denied");
        assertThat(r.transcript().render()).contains("Untrusted TLS connection established");
    }

    @Test
    void theReconnectAfterABrokenHandshakeAtLevelMayIsReadAsStrictly() {
        ScriptedSmtpServer.Builder server = ScriptedSmtpServer.builder().starttls(TlsIdentity.selfSigned("localhost", Duration.ofDays(30)))
                .banner(Action.reply("220 mx.example.org ESMTP"), raw("2200 mx.example.org ESMTP\r\n"))
                .on("STARTTLS", Action.startTlsThenGarbage());

        CheckResult r = SmtpSession.check(Fixtures.against(servers.start(server)).recipient("rcpt@example.org")
                .tlsPolicy(TlsPolicy.at(TlsLevel.MAY)).build());

        assertViolationAt(r, Stage.BANNER, "2200 mx.example.org ESMTP");
        assertThat(r.transcript().render()).contains("reconnecting without TLS");
    }

    @Test
    void anAuthChallengeIsBoundByTheLineLength() {
        ScriptedSmtpServer.Builder server = ScriptedSmtpServer.builder().on("EHLO", Action.reply("250-mx.example.org", "250 AUTH LOGIN"))
                .on("AUTH", Action.reply("334 " + "Q".repeat(5000)));

        CheckResult r = SmtpSession.check(Fixtures.against(servers.start(server)).tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).allowPlaintextAuth(true)
                .credentials(new Credentials("alice", "Tr0ub4dor&3-xyzzy", AuthMechanism.LOGIN)).stopAfter(Stage.AUTH).build());

        assertThat(r.outcome().stage()).isEqualTo(Stage.AUTH);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("protocol.line-too-long");
    }

    @Test
    void theData354IsBoundByTheLinesPerReply() {
        String[] lines = new String[260];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = (i == lines.length - 1 ? "354 " : "354-") + "go ahead";
        }
        ScriptedSmtpServer.Builder server = ScriptedSmtpServer.builder().on(ScriptedSmtpServer.DATA_START, Action.reply(lines));

        CheckResult r = SmtpSession.check(Fixtures.against(servers.start(server)).recipient("rcpt@example.org").tlsPolicy(TlsPolicy.at(TlsLevel.NONE))
                .stopAfter(Stage.DATA).build());

        assertThat(r.outcome().stage()).isEqualTo(Stage.DATA);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("protocol.too-many-lines");
    }

    @Test
    void anEarlyXoauth2235WithA535BehindItIsAViolationAtAuthNotAPass() {
        ScriptedSmtpServer.Builder server = ScriptedSmtpServer.builder().on("EHLO", Action.reply("250-mx.example.org", "250 AUTH XOAUTH2"))
                .on("AUTH", raw("235 2.7.0 Accepted\r\n535 5.7.8 Username and Password not accepted\r\n"));

        CheckResult r = SmtpSession.check(Fixtures.against(servers.start(server)).recipient("rcpt@example.org").tlsPolicy(TlsPolicy.at(TlsLevel.NONE))
                .allowPlaintextAuth(true).credentials(new Credentials("alice@example.org", "ya29.token-abcdefgh", AuthMechanism.XOAUTH2)).build());

        assertViolationAt(r, Stage.AUTH, "535 5.7.8 Username and Password not accepted");
        assertThat(r.outcome().diagnosis().id()).isEqualTo("protocol.unsolicited");
        assertThat(r.transcript().renderPlain()).doesNotContain("-> MAIL", "-> QUIT");
    }

    @Test
    void aReplyBeforeTheFirstCommandIsAViolationAtTheBanner() {
        CheckResult r = checkRcpt(ScriptedSmtpServer.builder().banner(raw("220 mx.example.org ESMTP\r\n250 mx.example.org\r\n")));

        assertViolationAt(r, Stage.BANNER, "250 mx.example.org");
        assertThat(r.outcome().diagnosis().id()).isEqualTo("protocol.unsolicited");
        assertThat(r.transcript().renderPlain()).as("the early 250 is not taken as the EHLO reply").doesNotContain("-> EHLO");
    }

    @Test
    void aProtocolViolationShowsTheServersControlCharactersEscaped() {
        CheckResult r = checkRcpt(ScriptedSmtpServer.builder().on("RCPT", raw("25\u001b[2J0 \u009b31m\r\n")));

        assertViolationAt(r, Stage.RCPT, "25\\x1b[2J0 \\x9b31m");
        assertThat(TextReport.render(r, true)).doesNotContain("\u001b", "\u009b");
    }
}
