package io.smtpcheck.it;

import io.smtpcheck.classify.NetworkKind;
import io.smtpcheck.classify.Outcome;
import io.smtpcheck.classify.Verdict;
import io.smtpcheck.option.Option;
import io.smtpcheck.report.JsonReport;
import io.smtpcheck.report.JunitXmlReport;
import io.smtpcheck.report.TextReport;
import io.smtpcheck.request.AuthMechanism;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Credentials;
import io.smtpcheck.request.MessageSpec;
import io.smtpcheck.request.Stage;
import io.smtpcheck.request.TlsOptions;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.RecipientResult;
import io.smtpcheck.session.SmtpSession;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;
import io.smtpcheck.tls.TlsTransport;
import io.smtpcheck.tls.Trust;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.net.Socket;
import java.util.List;

import static io.smtpcheck.it.LocalPostfix.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The check against a real Postfix, configured per port to produce the rejections users meet. */
@ExtendWith(LocalPostfix.class)
class PostfixIT {

    private static final TlsOptions TRUST_SNAKEOIL = new TlsOptions(SNAKEOIL.toString());

    private static CheckRequest.Builder postfix(int port) {
        return CheckRequest.builder(HOST).port(port).heloName("client.smtpcheck.test").mailFrom("probe@smtpcheck.test")
                .tls(TRUST_SNAKEOIL);
    }

    @Test
    void acceptsALocalRecipientOverStartTls() {
        CheckResult r = SmtpSession.check(postfix(ACCEPTING).recipient(LOCAL_USER).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.Passed.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.RCPT);
        assertThat(r.outcome().reply().raw()).isEqualTo("250 2.1.5 Ok");
        assertThat(r.tls().report().protocol()).startsWith("TLSv1.");
        assertThat(r.tls().postfixTrust()).as("snakeoil is its own anchor, but names the machine, not 127.0.0.1").isEqualTo(Trust.TRUSTED);
        assertThat(r.warnings()).isEmpty();
        assertThat(r.capabilities()).contains("PIPELINING").doesNotContain("STARTTLS");
        assertThat(r.transcript().renderPlain())
                .startsWith("<- 220 smtpcheck.test ESMTP Postfix")
                .contains("-> STARTTLS", "<- 220 2.0.0 Ready to start TLS", "-> RCPT TO:<smtpcheck@localhost>", "-> QUIT", "<- 221 2.0.0 Bye");
        assertThat(r.timings()).extracting(t -> t.stage()).containsExactly(Stage.CONNECT, Stage.BANNER, Stage.EHLO, Stage.TLS, Stage.MAIL, Stage.RCPT, Stage.QUIT);
    }

    @Test
    void sendsATestMessageWhenDataIsAsked() {
        CheckResult r = SmtpSession.check(postfix(ACCEPTING).recipient(LOCAL_USER).stopAfter(Stage.DATA)
                .message(new MessageSpec("release gate", "line one\n.line starting with a dot\n")).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.Passed.class);
        assertThat(r.outcome().reply().raw()).startsWith("250 2.0.0 Ok: queued as");
        assertThat(r.transcript().renderPlain()).contains("-> DATA", "<- 354 End data with <CR><LF>.<CR><LF>", "-> Subject: release gate [", "-> .");
    }

    @Test
    void theSelfSignedCertificatePassesAsUntrustedAtLevelMay() {
        CheckResult r = SmtpSession.check(postfix(ACCEPTING).tls(TlsOptions.DEFAULT).recipient(LOCAL_USER).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.Passed.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.RCPT);
        assertThat(r.tls().postfixTrust()).isEqualTo(Trust.UNTRUSTED);
        assertThat(r.tls().report().why()).startsWith("self-signed certificate");
        assertThat(r.transcript().render()).contains("Untrusted TLS connection established to 127.0.0.1[127.0.0.1]:25: TLSv1.");
    }

    @Test
    void theSelfSignedCertificateIsNotTrustedAtLevelVerify() {
        CheckResult r = SmtpSession.check(postfix(ACCEPTING).tls(TlsOptions.DEFAULT).tlsPolicy(TlsPolicy.at(TlsLevel.VERIFY)).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.TlsFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.TLS);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("tls.untrusted");
        assertThat(r.tls().report().chain()).as("the refused certificate is still reported").isNotEmpty();
        assertThat(r.tls().report().chain().get(0).subject()).contains("CN=");
    }

    /**
     * Issue 12's measurement: with every default (JVM trust store, level may), the rejections of a listener with a
     * self-signed certificate are the server's 4xx/5xx, as a sending MTA meets them, not TLS failures before MAIL FROM.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2525 | someone@example.com  | RCPT | 554 5.7.1",
            "2527 | smtpcheck+1@localhost, smtpcheck+2@localhost, smtpcheck+3@localhost | RCPT | 452 4.5.3",
            "2530 | smtpcheck@localhost  | RCPT | 250 2.1.5"})
    void withTheDefaultsARejectionIsTheServersAnswerNotATlsFailure(int port, String to, Stage stage, String reply) {
        CheckResult r = SmtpSession.check(CheckRequest.builder(HOST).port(port).heloName("client.smtpcheck.test").mailFrom("probe@smtpcheck.test")
                .recipients(Option.splitList(List.of(to))).build());

        assertThat(r.outcome()).as(TextReport.render(r, true)).isNotInstanceOf(Outcome.TlsFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(stage);
        assertThat(r.outcome().reply().raw()).startsWith(reply);
        assertThat(r.tls().postfixTrust()).isEqualTo(Trust.UNTRUSTED);
    }

    @Test
    void relayDeniedIsAPermanentFailureAtRcpt() {
        CheckResult r = SmtpSession.check(postfix(RELAY_DENIED).recipient("someone@example.com").build());

        assertThat(r.outcome()).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.RCPT);
        assertThat(r.outcome().reply().raw()).isEqualTo("554 5.7.1 <someone@example.com>: Relay access denied");
        assertThat(r.outcome().diagnosis().id()).isEqualTo("postfix.relay-denied");
        assertThat(r.outcome().diagnosis().remedy()).isNotBlank();
    }

    @Test
    void unknownLocalUserIsReportedEvenWhenAnotherRecipientIsAccepted() {
        CheckResult r = SmtpSession.check(postfix(ACCEPTING).recipients(List.of(LOCAL_USER, "nosuchuser@localhost")).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(r.outcome().reply().enhancedCode()).hasValueSatisfying(c -> assertThat(c).hasToString("5.1.1"));
        assertThat(r.outcome().diagnosis().id()).isEqualTo("postfix.user-unknown-local");
        assertThat(r.recipients()).extracting(RecipientResult::address, RecipientResult::accepted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(LOCAL_USER, true), org.assertj.core.groups.Tuple.tuple("nosuchuser@localhost", false));
    }

    @Test
    void tlsRequiredListenerRefusesMailWithoutStartTls() {
        CheckResult r = SmtpSession.check(postfix(TLS_REQUIRED).tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).recipient(LOCAL_USER).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.MAIL);
        assertThat(r.outcome().reply().raw()).isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
        assertThat(r.outcome().diagnosis().id()).isEqualTo("smtp.starttls-required");
    }

    @Test
    void tlsRequiredListenerAcceptsWithStartTls() {
        CheckResult r = SmtpSession.check(postfix(TLS_REQUIRED).tlsPolicy(TlsPolicy.at(TlsLevel.ENCRYPT)).recipient(LOCAL_USER).build());

        assertThat(r.outcome().verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.tls()).isNotNull();
    }

    @Test
    void requiringStartTlsFromAListenerWithoutItIsATlsFailure() {
        CheckResult r = SmtpSession.check(postfix(TLS_OFF).tlsPolicy(TlsPolicy.at(TlsLevel.ENCRYPT)).recipient(LOCAL_USER).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.TlsFailure.class);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("tls.not-offered");
        assertThat(r.transcript().renderPlain()).doesNotContain("MAIL FROM").contains("-> QUIT");
    }

    @Test
    void tooManyRecipientsIsTransient() {
        CheckResult r = SmtpSession.check(postfix(RECIPIENT_LIMIT_2).recipients(List.of(LOCAL_USER, LOCAL_USER, LOCAL_USER)).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.TransientFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.RCPT);
        assertThat(r.outcome().reply().raw()).isEqualTo("452 4.5.3 Error: too many recipients");
        assertThat(r.outcome().diagnosis().id()).isEqualTo("smtp.too-many-recipients");
        assertThat(r.recipients()).hasSize(3).filteredOn(RecipientResult::accepted).hasSize(2);
    }

    @Test
    void invalidHeloNameIsRefusedAtEhlo() {
        // A name of RFC 5321's grammar (which the request enforces, so "bad..name" never leaves) that Postfix's stricter
        // reject_invalid_helo_hostname refuses: all-numeric and not an address.
        CheckResult r = SmtpSession.check(postfix(HELO_CHECKED).heloName("1.2.3").recipient(LOCAL_USER).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.EHLO);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("postfix.helo-invalid-name");
    }

    @Test
    void oversizedMessageIsRefusedAtMailFromAsASendingMtaSeesIt() {
        CheckResult r = SmtpSession.check(postfix(SIZE_LIMIT_1K).recipient(LOCAL_USER).stopAfter(Stage.DATA)
                .message(new MessageSpec("big", "x".repeat(70).concat("\n").repeat(40))).build());

        // SIZE= on MAIL FROM (RFC 1870): Postfix refuses before a byte of the body is sent.
        assertThat(r.outcome()).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.MAIL);
        assertThat(r.outcome().reply().raw()).isEqualTo("552 5.3.4 Message size exceeds fixed limit");
        assertThat(r.outcome().diagnosis().id()).isEqualTo("smtp.message-too-big");
        assertThat(r.transcript().renderPlain()).contains("-> MAIL FROM:<probe@smtpcheck.test> SIZE=");
    }

    @Test
    void aMessageWithinTheLimitIsDeclaredAndAccepted() {
        CheckResult r = SmtpSession.check(postfix(SIZE_LIMIT_1K).recipient(LOCAL_USER).stopAfter(Stage.DATA)
                .message(new MessageSpec("small", "short\n")).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.Passed.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.DATA);
    }

    @Test
    void clientRejectedAtConnectFailsAtTheBanner() {
        CheckResult r = SmtpSession.check(postfix(CLIENT_REJECTED).recipient(LOCAL_USER).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.BANNER);
        assertThat(r.outcome().reply().raw()).startsWith("554 5.7.1");
    }

    @Test
    void connectionLimitGivesA421AtTheBanner() throws Exception {
        try (Socket first = new Socket(HOST, ONE_CONNECTION)) {
            InputStream in = first.getInputStream();
            in.read(new byte[512]);
            CheckResult r = SmtpSession.check(postfix(ONE_CONNECTION).recipient(LOCAL_USER).build());

            assertThat(r.outcome()).isInstanceOf(Outcome.TransientFailure.class);
            assertThat(r.outcome().stage()).isEqualTo(Stage.BANNER);
            assertThat(r.outcome().reply().raw()).contains("421 4.7.0").contains("too many connections");
            assertThat(r.outcome().diagnosis().id()).isEqualTo("postfix.too-many-connections");
            assertThat(r.transcript().renderPlain()).as("no QUIT after 421: the server has closed").doesNotContain("-> QUIT");
        }
    }

    @ParameterizedTest
    @EnumSource(value = AuthMechanism.class, names = {"PLAIN", "LOGIN"})
    void authenticatesAndNeverShowsThePassword(AuthMechanism mechanism) {
        CheckResult r = SmtpSession.check(postfix(AUTH).tlsPolicy(TlsPolicy.at(TlsLevel.ENCRYPT)).allowUnverifiedAuth(true)
                .credentials(new Credentials(AUTH_USER, AUTH_PASSWORD, mechanism)).recipient(LOCAL_USER).build());

        assertThat(r.outcome().verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.transcript().renderPlain()).contains("-> AUTH " + mechanism.saslName(), "<- 235 2.7.0 Authentication successful");
        assertNoSecretIn(r);
    }

    @Test
    void wrongPasswordIsAPermanentFailureAtAuth() {
        CheckResult r = SmtpSession.check(postfix(AUTH).tlsPolicy(TlsPolicy.at(TlsLevel.ENCRYPT)).allowUnverifiedAuth(true)
                .credentials(new Credentials(AUTH_USER, "wrong-" + AUTH_PASSWORD, null)).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.AUTH);
        assertThat(r.outcome().reply().raw()).startsWith("535 5.7.8");
        assertThat(r.outcome().diagnosis().id()).isEqualTo("smtp.auth-failed");
        assertThat(TextReport.render(r, true) + JsonReport.render(List.of(r))).doesNotContain("wrong-" + AUTH_PASSWORD);
    }

    @Test
    void credentialsAreNotSentOverTlsThatIsNotVerified() {
        CheckResult r = SmtpSession.check(postfix(AUTH).credentials(new Credentials(AUTH_USER, AUTH_PASSWORD, null)).recipient(LOCAL_USER).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.TlsFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.TLS);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("tls.unverified-auth");
        assertThat(r.outcome().diagnosis().summary()).contains("Trusted");
        assertThat(r.outcome().diagnosis().remedy()).contains("--trust-file", "--allow-unverified-auth");
        assertThat(r.transcript().renderPlain()).doesNotContain("-> AUTH");
        assertNoSecretIn(r);
    }

    @Test
    void credentialsGoOverVerifiedTlsWhenTheCertificateNameIsMatched() throws Exception {
        String cn = LocalPostfix.snakeoilCommonName();
        CheckResult r = SmtpSession.check(postfix(AUTH).tlsPolicy(new TlsPolicy(TlsLevel.VERIFY, TlsTransport.STARTTLS, List.of(cn)))
                .credentials(new Credentials(AUTH_USER, AUTH_PASSWORD, null)).recipient(LOCAL_USER).build());

        assertThat(r.outcome().verdict()).as(TextReport.render(r, true)).isEqualTo(Verdict.PASS);
        assertThat(r.tls().postfixTrust()).isEqualTo(Trust.VERIFIED);
        assertThat(r.tls().report().matchedName()).isEqualToIgnoringCase(cn);
        assertNoSecretIn(r);
    }

    @Test
    void reachesPostfixOverIpv6Loopback() {
        CheckResult r = SmtpSession.check(CheckRequest.builder("[::1]").tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).heloName("client.smtpcheck.test")
                .recipient(LOCAL_USER).build());

        assumeTrue(!(r.outcome() instanceof Outcome.NetworkFailure), "Postfix does not listen on ::1 on this machine: " + r.outcome().headline());
        assertThat(r.outcome().verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.address()).isIn("::1", "0:0:0:0:0:0:0:1");
        assertThat(r.target()).isEqualTo("[::1]:25");
    }

    @Test
    void nothingListensOnAClosedLoopbackPort() {
        CheckResult r = SmtpSession.check(postfix(1).build());

        assertThat(r.outcome()).isInstanceOfSatisfying(Outcome.NetworkFailure.class,
                n -> assertThat(n.networkKind()).isEqualTo(NetworkKind.REFUSED));
        assertThat(r.outcome().stage()).isEqualTo(Stage.CONNECT);
    }

    private static void assertNoSecretIn(CheckResult r) {
        String everything = TextReport.render(r, true) + JsonReport.render(List.of(r)) + JunitXmlReport.render(List.of(r), io.smtpcheck.report.BuildPolicy.STRICT) + r;
        assertThat(everything).doesNotContain(AUTH_PASSWORD)
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(AUTH_PASSWORD.getBytes()))
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(("\0" + AUTH_USER + "\0" + AUTH_PASSWORD).getBytes()));
    }
}
