package io.smtpcheck.it;

import io.smtpcheck.catalog.DiagnosisCatalog;
import io.smtpcheck.catalog.ObservedRejections;
import io.smtpcheck.classify.Outcome;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.InvalidRequestException;
import io.smtpcheck.request.Credentials;
import io.smtpcheck.request.MessageSpec;
import io.smtpcheck.request.Stage;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.SmtpSession;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.util.List;

import static io.smtpcheck.it.LocalMta.EXIM;
import static io.smtpcheck.it.LocalMta.HOST;
import static io.smtpcheck.it.LocalMta.NODE;
import static io.smtpcheck.it.LocalMta.OPENSMTPD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rejections provoked from real Exim, OpenSMTPD and Node smtp-server listeners, each judged by outcome, stage and
 * the specific diagnosis a mail administrator reads. Every one is recorded in {@code catalog/observed-rejections.tsv},
 * from which docs/catalog.md gives the share of specific diagnoses per server.
 */
class MtaRejectionsIT {

    private static final String LOCAL_USER = "smtpcheck@smtpcheck.test";
    private static final String REMOTE = "someone@example.com";
    private static final String WRONG_PASSWORD = "wrong-smtpcheck-secret";
    private static final MessageSpec BIG = new MessageSpec("big", "x".repeat(70).concat("\n").repeat(60));

    // --- Exim 4.96 ---

    @Test
    void eximRefusesToRelay() {
        rejected(EXIM, on(2540).recipient(REMOTE), Outcome.PermanentFailure.class, Stage.RCPT, "exim.relay-not-permitted");
    }

    @Test
    void eximUnknownLocalUser() {
        rejected(EXIM, on(2540).recipient("nosuch@smtpcheck.test"), Outcome.PermanentFailure.class, Stage.RCPT, "smtp.mailbox-unknown");
    }

    @Test
    void eximUnrouteableAddress() {
        rejected(EXIM, on(2543).recipient(REMOTE), Outcome.PermanentFailure.class, Stage.RCPT, "exim.unrouteable-address");
    }

    @Test
    void eximTooManyRecipients() {
        rejected(EXIM, on(2544).recipients(List.of(LOCAL_USER, LOCAL_USER, LOCAL_USER)),
                Outcome.TransientFailure.class, Stage.RCPT, "smtp.too-many-recipients");
    }

    @Test
    void eximMessageTooBig() {
        // At MAIL FROM: the session declares SIZE= (RFC 1870), as a sending MTA does.
        rejected(EXIM, on(2545).recipient(LOCAL_USER).stopAfter(Stage.DATA).message(BIG),
                Outcome.PermanentFailure.class, Stage.MAIL, "smtp.message-too-big");
    }

    @Test
    void eximWantsAFullyQualifiedHeloName() {
        rejected(EXIM, on(2546).heloName("vm").recipient(LOCAL_USER), Outcome.PermanentFailure.class, Stage.EHLO, "smtp.helo-not-fqdn");
    }

    @Test
    void anInvalidHeloNameNeverReachesExim() {
        // Exim answered "bad_name" with 501 Syntactically invalid EHLO argument(s) (observed-rejections.tsv) before the
        // request enforced RFC 5321's grammar; now such a name is refused before connecting.
        assertThatThrownBy(() -> on(2546).heloName("bad_name").recipient(LOCAL_USER).build())
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("helo: ");
    }

    @Test
    void eximSenderRateLimit() {
        rejected(EXIM, on(2547).recipients(List.of(LOCAL_USER, LOCAL_USER, LOCAL_USER)),
                Outcome.TransientFailure.class, Stage.RCPT, "exim.rate-limited");
    }

    @Test
    void eximRequiresAuthentication() {
        rejected(EXIM, on(2548).recipient(LOCAL_USER), Outcome.PermanentFailure.class, Stage.MAIL, "smtp.auth-required");
    }

    @Test
    void eximRefusesAWrongPassword() {
        rejected(EXIM, on(2548).credentials(new Credentials("smtpcheck", WRONG_PASSWORD, null)).allowPlaintextAuth(true).recipient(LOCAL_USER),
                Outcome.PermanentFailure.class, Stage.AUTH, "smtp.auth-failed");
    }

    @Test
    void eximRequiresStartTls() {
        rejected(EXIM, on(2549).recipient(LOCAL_USER), Outcome.PermanentFailure.class, Stage.MAIL, "smtp.starttls-required");
    }

    @Test
    void eximRejectsTheClientAtConnect() {
        rejected(EXIM, on(2550).recipient(LOCAL_USER), Outcome.PermanentFailure.class, Stage.BANNER, "smtp.banner-refused");
    }

    @Test
    void eximConnectionLimitPerHost() throws Exception {
        EXIM.require();
        try (Socket first = new Socket(HOST, 2551)) {
            InputStream in = first.getInputStream();
            in.read(new byte[512]);
            rejected(EXIM, on(2551).recipient(LOCAL_USER), Outcome.TransientFailure.class, Stage.BANNER, "exim.too-many-connections");
        }
    }

    @Test
    void eximDefersTheClientAtConnect() {
        rejected(EXIM, on(2552).recipient(LOCAL_USER), Outcome.TransientFailure.class, Stage.BANNER, "smtp.banner-deferred");
    }

    @Test
    void eximSenderVerifyFails() {
        rejected(EXIM, on(2553).mailFrom("nobody@example.com").recipient(LOCAL_USER),
                Outcome.PermanentFailure.class, Stage.MAIL, "exim.sender-verify-failed");
    }

    @Test
    void eximAclDeniesTheSender() {
        rejected(EXIM, on(2554).mailFrom("probe@blocked.test").recipient(LOCAL_USER),
                Outcome.PermanentFailure.class, Stage.MAIL, "exim.administrative-prohibition");
    }

    @Test
    void eximAclDefersTheRecipient() {
        rejected(EXIM, on(2555).recipient(LOCAL_USER), Outcome.TransientFailure.class, Stage.RCPT, "exim.temporary-local-problem");
    }

    @Test
    void eximGreylists() {
        rejected(EXIM, on(2556).recipient(LOCAL_USER), Outcome.TransientFailure.class, Stage.RCPT, "postfix.greylisted");
    }

    // --- OpenSMTPD 6.8 (plaintext only: its STARTTLS is broken on this Debian) ---

    @Test
    void openSmtpdHasNoRuleForARemoteRecipient() {
        rejected(OPENSMTPD, on(2561).recipient(REMOTE), Outcome.PermanentFailure.class, Stage.RCPT, "opensmtpd.invalid-recipient");
    }

    @Test
    void openSmtpdCannotExpandAnUnknownVirtualUser() {
        rejected(OPENSMTPD, on(2560).recipient("nosuch@smtpcheck.test"), Outcome.PermanentFailure.class, Stage.RCPT, "opensmtpd.expansion-failed");
    }

    @Test
    void openSmtpdTooManyRecipientsIs451() {
        rejected(OPENSMTPD, on(2562).recipients(List.of(LOCAL_USER, LOCAL_USER, LOCAL_USER)),
                Outcome.TransientFailure.class, Stage.RCPT, "smtp.too-many-recipients");
    }

    @Test
    void openSmtpdMessageTooBigIs554() {
        rejected(OPENSMTPD, on(2563).recipient(LOCAL_USER).stopAfter(Stage.DATA).message(BIG),
                Outcome.PermanentFailure.class, Stage.DATA, "smtp.message-too-big");
    }

    @Test
    void openSmtpdRejectsTheClientAtConnect() {
        rejected(OPENSMTPD, on(2564).recipient(LOCAL_USER), Outcome.PermanentFailure.class, Stage.BANNER, "smtp.banner-refused");
    }

    @Test
    void openSmtpdTurnsTheClientAwayAtConnect() {
        rejected(OPENSMTPD, on(2565).recipient(LOCAL_USER), Outcome.TransientFailure.class, Stage.BANNER, "smtp.service-not-available");
    }

    @Test
    void openSmtpdWantsAFullyQualifiedHeloName() {
        rejected(OPENSMTPD, on(2566).heloName("vm").recipient(LOCAL_USER), Outcome.PermanentFailure.class, Stage.EHLO, "smtp.helo-not-fqdn");
    }

    @Test
    void openSmtpdRefusesTheSenderDomain() {
        rejected(OPENSMTPD, on(2567).mailFrom("probe@blocked.test").recipient(LOCAL_USER),
                Outcome.PermanentFailure.class, Stage.MAIL, "smtp.sender-refused");
    }

    @Test
    void openSmtpdGreylists() {
        rejected(OPENSMTPD, on(2568).recipient(LOCAL_USER), Outcome.TransientFailure.class, Stage.RCPT, "postfix.greylisted");
    }

    @Test
    void openSmtpdContentFilterRejectsAfterData() {
        rejected(OPENSMTPD, on(2569).recipient(LOCAL_USER).stopAfter(Stage.DATA),
                Outcome.PermanentFailure.class, Stage.DATA, "smtp.content-refused");
    }

    @Test
    void openSmtpdRequiresStartTls() {
        rejected(OPENSMTPD, on(2590).recipient(LOCAL_USER), Outcome.PermanentFailure.class, Stage.MAIL, "smtp.starttls-required");
    }

    // --- Node smtp-server 3.21 ---

    @Test
    void nodeRelayDenied() {
        rejected(NODE, on(2572).recipient(REMOTE), Outcome.PermanentFailure.class, Stage.RCPT, "postfix.relay-denied");
    }

    @Test
    void nodeUnknownUser() {
        rejected(NODE, on(2571).recipient("nosuch@smtpcheck.test"), Outcome.PermanentFailure.class, Stage.RCPT, "sendmail.user-unknown");
    }

    @Test
    void nodeTooManyRecipients() {
        // smtp-server counts distinct addresses: the same one three times would be accepted.
        rejected(NODE, on(2574).recipients(List.of("smtpcheck+1@smtpcheck.test", "smtpcheck+2@smtpcheck.test", "smtpcheck+3@smtpcheck.test")),
                Outcome.TransientFailure.class, Stage.RCPT, "smtp.too-many-recipients");
    }

    @Test
    void nodeMessageTooBig() {
        rejected(NODE, on(2573).recipient(LOCAL_USER).stopAfter(Stage.DATA).message(BIG),
                Outcome.PermanentFailure.class, Stage.MAIL, "smtp.message-too-big");
    }

    @Test
    void nodeRequiresAuthentication() {
        rejected(NODE, on(2575).recipient(LOCAL_USER), Outcome.PermanentFailure.class, Stage.MAIL, "smtp.auth-required");
    }

    @Test
    void nodeRefusesAWrongPassword() {
        rejected(NODE, on(2575).credentials(new Credentials("smtpcheck", WRONG_PASSWORD, null)).allowPlaintextAuth(true).recipient(LOCAL_USER),
                Outcome.PermanentFailure.class, Stage.AUTH, "smtp.auth-failed");
    }

    @Test
    void nodeRefusesAuthBeforeStartTls() {
        rejected(NODE, on(2576).credentials(new Credentials("smtpcheck", WRONG_PASSWORD, null)).allowPlaintextAuth(true).recipient(LOCAL_USER),
                Outcome.PermanentFailure.class, Stage.AUTH, "smtp.starttls-required");
    }

    @Test
    void nodeRequiresStartTlsBeforeMail() {
        rejected(NODE, on(2577).recipient(LOCAL_USER), Outcome.PermanentFailure.class, Stage.MAIL, "smtp.starttls-required");
    }

    @Test
    void nodeRejectsTheClientAtConnect() {
        rejected(NODE, on(2578).recipient(LOCAL_USER), Outcome.PermanentFailure.class, Stage.BANNER, "postfix.access-denied");
    }

    @Test
    void nodeTurnsTheClientAwayAtConnect() {
        rejected(NODE, on(2579).recipient(LOCAL_USER), Outcome.TransientFailure.class, Stage.BANNER, "exchange.service-not-available");
    }

    @Test
    void nodeClientLimit() throws Exception {
        NODE.require();
        try (Socket first = new Socket(HOST, 2580)) {
            InputStream in = first.getInputStream();
            in.read(new byte[512]);
            rejected(NODE, on(2580).recipient(LOCAL_USER), Outcome.TransientFailure.class, Stage.BANNER, "node.too-many-clients");
        }
    }

    @Test
    void nodeRefusesTheSenderDomain() {
        rejected(NODE, on(2581).mailFrom("probe@blocked.test").recipient(LOCAL_USER),
                Outcome.PermanentFailure.class, Stage.MAIL, "smtp.sender-refused");
    }

    @Test
    void nodeWantsAFullyQualifiedSender() {
        rejected(NODE, on(2582).mailFrom("probe@client").recipient(LOCAL_USER),
                Outcome.PermanentFailure.class, Stage.MAIL, "postfix.address-not-fqdn");
    }

    @Test
    void nodeGreylists() {
        rejected(NODE, on(2583).recipient(LOCAL_USER), Outcome.TransientFailure.class, Stage.RCPT, "postfix.greylisted");
    }

    @Test
    void nodeDefersTheRecipient() {
        rejected(NODE, on(2584).recipient(LOCAL_USER), Outcome.TransientFailure.class, Stage.RCPT, "exim.temporary-local-problem");
    }

    @Test
    void nodeRejectsTheContent() {
        rejected(NODE, on(2585).recipient(LOCAL_USER).stopAfter(Stage.DATA), Outcome.PermanentFailure.class, Stage.DATA, "smtp.content-refused");
    }

    @Test
    void nodeCannotQueueTheMessage() {
        rejected(NODE, on(2586).recipient(LOCAL_USER).stopAfter(Stage.DATA), Outcome.TransientFailure.class, Stage.DATA, "postfix.queue-write-error");
    }

    @Test
    void nodeChecksTheHeloNameAtMail() {
        rejected(NODE, on(2588).heloName("vm").recipient(LOCAL_USER), Outcome.PermanentFailure.class, Stage.MAIL, "postfix.helo-not-fqdn");
    }

    /** Plain SMTP with a fully-qualified EHLO name and a local sender; each test adds what provokes its rejection. */
    private static CheckRequest.Builder on(int port) {
        return CheckRequest.builder(HOST).port(port).tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).heloName("client.smtpcheck.test").mailFrom("probe@smtpcheck.test");
    }

    /** Runs the check and asserts the outcome, the stage, a specific diagnosis, and that the rejection is recorded. */
    private static void rejected(LocalMta mta, CheckRequest.Builder request, Class<? extends Outcome> kind, Stage stage, String diagnosisId) {
        mta.require();
        CheckResult r = SmtpSession.check(request.build());

        assertThat(r.outcome()).as(r.transcript().renderPlain()).isInstanceOf(kind);
        assertThat(r.outcome().stage()).isEqualTo(stage);
        assertThat(r.outcome().diagnosis().id()).as(String.valueOf(r.outcome().reply())).isEqualTo(diagnosisId).isNotEqualTo(DiagnosisCatalog.GENERIC_ID);
        assertThat(r.outcome().diagnosis().remedy()).isNotBlank();
        ObservedRejections.Row seen = new ObservedRejections.Row(mta.name(), stage, diagnosisId, r.outcome().reply());
        assertThat(ObservedRejections.all().contains(seen)).as("%s must record this line:%n%s", ObservedRejections.RESOURCE, seen.tsv()).isTrue();
    }
}
