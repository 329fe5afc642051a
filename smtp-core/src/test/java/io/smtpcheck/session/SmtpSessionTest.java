package io.smtpcheck.session;

import io.smtpcheck.reply.EnhancedCode;
import io.smtpcheck.classify.NetworkKind;
import io.smtpcheck.classify.Outcome;
import io.smtpcheck.report.JsonReport;
import io.smtpcheck.report.JunitXmlReport;
import io.smtpcheck.report.TextReport;
import io.smtpcheck.request.AuthMechanism;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Credentials;
import io.smtpcheck.request.Expectations;
import io.smtpcheck.request.Limits;
import io.smtpcheck.request.MessageSpec;
import io.smtpcheck.request.Stage;
import io.smtpcheck.request.Target;
import io.smtpcheck.request.TlsOptions;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.RecordedSession;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.testkit.SeedSessions;
import io.smtpcheck.testkit.TlsIdentity;
import io.smtpcheck.report.BuildPolicy;
import io.smtpcheck.tls.CertDays;
import io.smtpcheck.tls.CertificateInfo;
import io.smtpcheck.tls.TlsReport;
import io.smtpcheck.tls.Trust;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;
import io.smtpcheck.tls.TlsTransport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.smtpcheck.session.Fixtures.FAST;
import static io.smtpcheck.session.Fixtures.against;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The whole exchange against a scripted server on loopback, one failure per stage, plus the secrets rule. */
class SmtpSessionTest {

    private static final String USER = "alice";
    private static final String PASSWORD = "Tr0ub4dor&3-xyzzy";

    private static TlsIdentity identity;

    @TempDir
    static Path dir;
    private static Path trustFile;

    @RegisterExtension
    final StartedServers servers = new StartedServers();

    @BeforeAll
    static void identity() {
        identity = TlsIdentity.selfSigned("mail.smtpcheck.test", Duration.ofDays(90));
        trustFile = identity.writePem(dir.resolve("trusted.pem"));
    }

    private static RecordedSession onlySession(ScriptedSmtpServer server) {
        List<RecordedSession> sessions = server.awaitSessions(1, Duration.ofSeconds(5));
        assertThat(sessions).hasSize(1);
        return sessions.get(0);
    }

    // ---------------------------------------------------------------- 1. the seed session

    @Test
    void theSeedSessionPassesAtDataAndReadsLikeTelnet() {
        ScriptedSmtpServer server = servers.start(SeedSessions.acceptingEsa());

        CheckResult r = SmtpSession.check(against(server).recipient("user@other.com").stopAfter(Stage.DATA)
                .message(new MessageSpec("seed check", "first line\n.starts with a dot\nlast line\n")).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.Passed.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.DATA);
        assertThat(r.outcome().reply().raw()).isEqualTo("250 ok: Message 214 accepted");
        assertThat(r.outcome().diagnosis().id()).isEqualTo("passed");
        assertThat(r.address()).isEqualTo("127.0.0.1");
        assertThat(r.tls()).isNull();
        assertThat(r.recipients()).extracting(RecipientResult::address, RecipientResult::accepted)
                .containsExactly(tuple("user@other.com", true));

        List<String> plain = r.transcript().renderPlain().lines().toList();
        assertThat(plain).startsWith(
                "<- 220 my_esa.local ESMTP",
                "-> EHLO client.smtpcheck.test",
                "<- 250 my_esa.local",
                "-> MAIL FROM:<test@test.com>",
                "<- 250 sender <test@test.com> ok",
                "-> RCPT TO:<user@other.com>",
                "<- 250 recipient <user@other.com> ok",
                "-> DATA",
                "<- 354 go ahead");
        assertThat(plain).endsWith(
                "-> .",
                "<- 250 ok: Message 214 accepted",
                "-> QUIT",
                "<- 221 my_esa.local");
        assertThat(plain).anySatisfy(l -> assertThat(l).startsWith("-> Subject: seed check ["));
        assertThat(r.timings()).extracting(StageTiming::stage)
                .containsExactly(Stage.CONNECT, Stage.BANNER, Stage.EHLO, Stage.MAIL, Stage.RCPT, Stage.DATA, Stage.QUIT);

        RecordedSession session = onlySession(server);
        assertThat(session.commands()).containsExactly("EHLO client.smtpcheck.test", "MAIL FROM:<test@test.com>",
                "RCPT TO:<user@other.com>", "DATA", "QUIT");
        assertThat(session.messages()).hasSize(1);
        String message = session.messages().get(0);
        Matcher run = Pattern.compile("\r\nX-Smtp-Check-Run: ([0-9a-f-]+)\r\n").matcher(message);
        assertThat(run.find()).as("run id header in %s", message).isTrue();
        String runId = run.group(1);
        assertThat(message)
                .containsPattern("(?m)^Date: \\w{3}, \\d{1,2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} ")
                .contains("Message-ID: <" + runId + "@client.smtpcheck.test>\r\n")
                .contains("Subject: seed check [" + runId + "]\r\n")
                .contains("From: test@test.com\r\n", "To: user@other.com\r\n")
                .contains("\r\n\r\nfirst line\r\n.starts with a dot\r\nlast line\r\n");
        assertThat(session.lines()).as("dot-stuffed on the wire").contains("..starts with a dot").doesNotContain(".starts with a dot");
    }

    // ---------------------------------------------------------------- 2. a failure at every stage

    @Test
    void aClosedPortIsRefusedAtConnect() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CheckResult r = SmtpSession.check(against(new Target("127.0.0.1", port, false)).build());

        assertThat(r.outcome()).isInstanceOfSatisfying(Outcome.NetworkFailure.class,
                n -> assertThat(n.networkKind()).isEqualTo(NetworkKind.REFUSED));
        assertThat(r.outcome().stage()).isEqualTo(Stage.CONNECT);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("network.refused");
        assertThat(r.address()).isNull();
        assertThat(r.timings()).extracting(StageTiming::stage).as("the stage that failed has its time").containsExactly(Stage.CONNECT);
        assertThat(r.transcript().lines()).extracting(Transcript.Line::text)
                .containsExactly("Trying 127.0.0.1...", "connect to 127.0.0.1 port " + port + " failed: Connection refused");
    }

    @Test
    void anUnresolvableNameIsADnsFailure() {
        CheckResult r = SmtpSession.check(CheckRequest.builder("no-such-host.invalid").heloName("client.smtpcheck.test").limits(FAST).build());

        assertThat(r.outcome()).isInstanceOfSatisfying(Outcome.NetworkFailure.class,
                n -> assertThat(n.networkKind()).isEqualTo(NetworkKind.DNS));
        assertThat(r.outcome().stage()).isEqualTo(Stage.CONNECT);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("network.dns");
        assertThat(r.outcome().diagnosis().summary()).contains("no-such-host.invalid");
    }

    @Test
    void esaTooManyConnectionsIsTransientAtTheBannerWithoutQuit() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder()
                .banner(Action.replyThenClose("421 #4.4.5 Too many connections from your host")));

        CheckResult r = SmtpSession.check(against(server).recipient("user@other.com").build());

        assertThat(r.outcome()).isInstanceOf(Outcome.TransientFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.BANNER);
        assertThat(r.outcome().reply().raw()).isEqualTo("421 #4.4.5 Too many connections from your host");
        assertThat(r.outcome().diagnosis().id()).isEqualTo("esa.too-many-connections-from-host");
        EnhancedCode code = r.outcome().reply().enhancedCode().orElseThrow();
        assertThat(code).hasToString("4.4.5");
        assertThat(code.esaForm()).isEqualTo("#4.4.5");
        assertThat(r.transcript().renderPlain()).isEqualTo("<- 421 #4.4.5 Too many connections from your host");
        assertThat(onlySession(server).commands()).isEmpty();
    }

    @Test
    void a554BannerIsPermanentAtTheBanner() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().banner(Action.reply("554 5.7.1 No SMTP service here")));

        CheckResult r = SmtpSession.check(against(server).recipient("user@other.com").build());

        assertThat(r.outcome()).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.BANNER);
        assertThat(r.outcome().reply().code()).isEqualTo(554);
        assertThat(onlySession(server).commands()).containsExactly("QUIT");
    }

    @Test
    void ehlo500FallsBackToHelo() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().on("EHLO", Action.reply("500 5.5.1 Command not recognized")));

        CheckResult r = SmtpSession.check(against(server).recipient("user@other.com").build());

        assertThat(r.outcome()).isInstanceOf(Outcome.Passed.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.RCPT);
        assertThat(onlySession(server).commands()).containsExactly("EHLO client.smtpcheck.test", "HELO client.smtpcheck.test",
                "MAIL FROM:<test@test.com>", "RCPT TO:<user@other.com>", "QUIT");
        assertThat(r.transcript().renderPlain()).contains("<- 500 5.5.1 Command not recognized\n-> HELO client.smtpcheck.test\n<- 250 localhost");
    }

    @Test
    void ehlo501IsPermanentAtEhlo() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().on("EHLO", Action.reply("501 5.0.0 EHLO requires domain address")));

        CheckResult r = SmtpSession.check(against(server).recipient("user@other.com").build());

        assertThat(r.outcome()).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.EHLO);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("esa.ehlo-requires-domain");
        assertThat(onlySession(server).commands()).containsExactly("EHLO client.smtpcheck.test", "QUIT");
    }

    @Test
    void startTls454IsTransientAtTlsWhenTlsIsRequired() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().starttls(identity)
                .on("STARTTLS", Action.reply("454 TLS not available due to a temporary reason")));

        CheckResult r = SmtpSession.check(against(server).tlsPolicy(TlsPolicy.at(TlsLevel.ENCRYPT)).recipient("user@other.com").tls(new TlsOptions(trustFile.toString())).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.TransientFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.TLS);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("esa.tls-temporarily-unavailable");
        assertThat(onlySession(server).commands()).containsExactly("EHLO client.smtpcheck.test", "STARTTLS", "QUIT");
    }

    @Test
    void startTls454AtLevelMayGoesOnInPlaintextWithAWarning() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().starttls(identity)
                .on("STARTTLS", Action.reply("454 TLS not available due to a temporary reason")));

        CheckResult r = SmtpSession.check(against(server).recipient("user@other.com").tls(new TlsOptions(trustFile.toString())).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.Passed.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.RCPT);
        assertThat(r.warnings()).extracting(w -> w.diagnosis().id()).containsExactly("tls.fallback");
        assertThat(r.tls().fallback()).contains("STARTTLS refused: 454 TLS not available");
        assertThat(r.tls().report()).isNull();
        assertThat(BuildPolicy.STRICT.decide(r)).isEqualTo(BuildPolicy.Decision.WARN);
        assertThat(onlySession(server).commands()).containsExactly("EHLO client.smtpcheck.test", "STARTTLS",
                "MAIL FROM:<test@test.com>", "RCPT TO:<user@other.com>", "QUIT");
    }

    @Test
    void startTlsRequiredButNotOfferedIsATlsFailure() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder());

        CheckResult r = SmtpSession.check(against(server).tlsPolicy(TlsPolicy.at(TlsLevel.ENCRYPT)).recipient("user@other.com").build());

        assertThat(r.outcome()).isInstanceOf(Outcome.TlsFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.TLS);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("tls.not-offered");
        assertThat(onlySession(server).commands()).containsExactly("EHLO client.smtpcheck.test", "QUIT");
    }

    @Test
    void startTlsIfOfferedGoesOnWithoutTlsWhenNotOffered() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder());

        CheckResult r = SmtpSession.check(against(server).tlsPolicy(TlsPolicy.DEFAULT).recipient("user@other.com").build());

        assertThat(r.outcome()).isInstanceOf(Outcome.Passed.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.RCPT);
        assertThat(r.tls()).isNull();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.transcript().render()).contains("STARTTLS not offered; going on without TLS");
        assertThat(onlySession(server).tls()).isFalse();
    }

    @Test
    void anUntrustedCertificatePassesAtLevelMayAndIsReportedAsUntrusted() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().starttls(identity));

        CheckResult r = SmtpSession.check(against(server).recipient("user@other.com").tls(TlsOptions.DEFAULT).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.Passed.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.RCPT);
        assertThat(r.warnings()).isEmpty();
        assertThat(r.tls().postfixTrust()).isEqualTo(Trust.UNTRUSTED);
        assertThat(r.tls().report().why()).startsWith("self-signed certificate");
        assertThat(r.tls().report().chain()).extracting(CertificateInfo::subject).containsExactly("CN=mail.smtpcheck.test");
        assertThat(r.transcript().render()).contains("Untrusted TLS connection established to " + server.host());
        assertThat(onlySession(server).commands()).contains("MAIL FROM:<test@test.com>");
    }

    @Test
    void anUntrustedCertificateIsATlsFailureAtLevelVerifyThatStillReportsTheCertificate() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().starttls(identity));

        CheckResult r = SmtpSession.check(against(server).tlsPolicy(TlsPolicy.at(TlsLevel.VERIFY)).recipient("user@other.com").tls(TlsOptions.DEFAULT).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.TlsFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.TLS);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("tls.untrusted");
        assertThat(r.outcome().diagnosis().summary()).contains("self-signed certificate");
        assertThat(r.tls().report().chain().get(0).subject()).as("the refused certificate is still reported").isEqualTo("CN=mail.smtpcheck.test");
        assertThat(onlySession(server).commands()).doesNotContain("MAIL FROM:<test@test.com>");
    }

    @Test
    void aTrustedCertificatePassesVerifiedWithTheChain() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().starttls(identity));

        CheckResult r = SmtpSession.check(against(server).tlsPolicy(TlsPolicy.at(TlsLevel.VERIFY)).recipient("user@other.com")
                .tls(new TlsOptions(trustFile.toString())).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.Passed.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.RCPT);
        TlsReport tls = r.tls().report();
        assertThat(tls.protocol()).startsWith("TLSv1.");
        assertThat(tls.cipherSuite()).isNotBlank();
        assertThat(tls.trust()).isEqualTo(Trust.VERIFIED);
        assertThat(tls.certificateNames()).contains("DNS:localhost", "DNS:mail.smtpcheck.test", "IP:127.0.0.1");
        assertThat(tls.chain().get(0).notAfter()).isEqualTo(identity.certificate().getNotAfter().toInstant());
        assertThat(tls.chain().get(0).daysLeft(Instant.now())).isBetween(88L, 90L);
        assertThat(tls.trustSource()).isEqualTo(trustFile.toString());
        assertThat(r.tls().logLine()).startsWith("Verified TLS connection established to " + server.host() + "[" + r.address() + "]:" + server.port());
        assertThat(r.capabilities()).as("capabilities after TLS").doesNotContain("STARTTLS");
        RecordedSession session = onlySession(server);
        assertThat(session.tls()).isTrue();
        assertThat(session.commands()).containsExactly("EHLO client.smtpcheck.test", "STARTTLS", "EHLO client.smtpcheck.test",
                "MAIL FROM:<test@test.com>", "RCPT TO:<user@other.com>", "QUIT");
    }

    @Test
    void aCertificateForAnotherNameIsAHostnameFailure() throws Exception {
        // TlsIdentity always names localhost, 127.0.0.1 and ::1; this machine's own name, when it maps to loopback, is none of them.
        String name = InetAddress.getLocalHost().getHostName();
        assumeThat(name).isNotEqualToIgnoringCase("localhost");
        InetAddress address = InetAddress.getByName(name);
        assumeThat(address.isLoopbackAddress()).as("%s resolves to loopback", name).isTrue();
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().bindAddress(address).starttls(identity));

        CheckResult r = SmtpSession.check(against(server).host(name).tlsPolicy(TlsPolicy.at(TlsLevel.VERIFY)).recipient("user@other.com")
                .tls(new TlsOptions(trustFile.toString())).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.TlsFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.TLS);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("tls.hostname");
        assertThat(r.outcome().diagnosis().summary()).contains(name.toLowerCase(java.util.Locale.ROOT));
        assertThat(r.tls().report().certificateNames()).doesNotContain("DNS:" + name);

        // The same listener at level encrypt: the name is reported (Trusted), never failing.
        CheckResult lenient = SmtpSession.check(against(server).host(name).tlsPolicy(TlsPolicy.at(TlsLevel.ENCRYPT)).recipient("user@other.com")
                .tls(new TlsOptions(trustFile.toString())).build());
        assertThat(lenient.outcome()).isInstanceOf(Outcome.Passed.class);
        assertThat(lenient.tls().report().trust()).isEqualTo(Trust.TRUSTED);
    }

    @Test
    void aHostNameInTheCertificatePassesVerification() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().starttls(identity));

        CheckResult r = SmtpSession.check(against(server).host("localhost").tlsPolicy(TlsPolicy.at(TlsLevel.VERIFY)).recipient("user@other.com")
                .tls(new TlsOptions(trustFile.toString())).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.Passed.class);
        assertThat(r.tls().report().matchedName()).isEqualTo("localhost");
        // No SNI assertion: the JDK sends SNI only for names with a dot, and no such name reaches loopback here.
    }

    @Test
    void implicitTlsWithAnUntrustedCertificateFailsAtTlsAtLevelVerify() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().implicitTls(identity));

        CheckResult r = SmtpSession.check(against(server).tlsPolicy(new TlsPolicy(TlsLevel.VERIFY, TlsTransport.IMPLICIT, List.of()))
                .recipient("user@other.com").tls(TlsOptions.DEFAULT).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.TlsFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.TLS);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("tls.untrusted");
        assertThat(r.tls().report().chain().get(0).subject()).isEqualTo("CN=mail.smtpcheck.test");
        assertThat(onlySession(server).commands()).as("no EHLO over TLS the level refused").containsExactly("QUIT");
    }

    @Test
    void implicitTlsPasses() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().implicitTls(identity));

        CheckResult r = SmtpSession.check(against(server).tlsPolicy(new TlsPolicy(TlsLevel.ENCRYPT, TlsTransport.IMPLICIT, List.of())).recipient("user@other.com")
                .tls(new TlsOptions(trustFile.toString())).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.Passed.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.RCPT);
        assertThat(r.tls().report().protocol()).startsWith("TLSv1.");
        assertThat(r.tls().transport()).isEqualTo(TlsTransport.IMPLICIT);
        assertThat(r.timings()).extracting(StageTiming::stage).contains(Stage.CONNECT, Stage.TLS, Stage.BANNER, Stage.EHLO);
        assertThat(r.transcript().render()).containsSubsequence("** Connected to", "TLS connection established", "<- 220 ");
        assertThat(onlySession(server).tls()).isTrue();
    }

    @Test
    void implicitTlsAgainstAPlainServerIsAClassifiedTlsFailure() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder());

        long t0 = System.nanoTime();
        CheckResult r = SmtpSession.check(against(server).tlsPolicy(new TlsPolicy(TlsLevel.ENCRYPT, TlsTransport.IMPLICIT, List.of())).recipient("user@other.com")
                .tls(new TlsOptions(trustFile.toString())).build());

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(FAST.deadline().plusMillis(1500));
        assertThat(r.outcome()).isInstanceOf(Outcome.TlsFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.TLS);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("tls.plain-port");
    }

    @Test
    void anExpiredCertificateFailsTheValidityThresholds() {
        Instant now = Instant.now();
        TlsIdentity expired = TlsIdentity.selfSigned("mail.smtpcheck.test", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(2)));
        Path pem = expired.writePem(dir.resolve("expired.pem"));
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().starttls(expired));

        CheckResult r = SmtpSession.check(against(server).tlsPolicy(TlsPolicy.at(TlsLevel.ENCRYPT)).recipient("user@other.com")
                .tls(new TlsOptions(pem.toString())).expectations(new Expectations(null, List.of(), CertDays.parse("14"))).build());

        assertThat(r.outcome()).isInstanceOfSatisfying(Outcome.ExpectationFailed.class,
                e -> assertThat(e.actual()).isEqualTo("expired " + r.tls().report().chain().get(0).notAfter()));
        assertThat(r.outcome().stage()).isEqualTo(Stage.TLS);
        assertThat(r.outcome().diagnosis().id()).as("an expired certificate is named as such, not as '-2 days left'").isEqualTo("tls.expired");
        assertThat(onlySession(server).commands()).doesNotContain("MAIL FROM:<test@test.com>").endsWith("QUIT");
    }

    @Test
    void aCertificateExpiringWithinTheWarningThresholdPassesWithAWarning() {
        TlsIdentity soon = TlsIdentity.selfSigned("mail.smtpcheck.test", Duration.ofDays(5).plusHours(2));
        Path pem = soon.writePem(dir.resolve("soon.pem"));
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().starttls(soon));

        CheckResult r = SmtpSession.check(against(server).recipient("user@other.com")
                .tls(new TlsOptions(pem.toString())).expectations(new Expectations(null, List.of(), CertDays.parse("30"))).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.Passed.class);
        assertThat(r.warnings()).singleElement().satisfies(w -> {
            assertThat(w.diagnosis().id()).isEqualTo("tls.cert-days-warn");
            assertThat(w.diagnosis().summary()).contains("CN=mail.smtpcheck.test", "5 days", "30");
            assertThat(w.detail()).contains("server certificate (CN=mail.smtpcheck.test)");
        });
        assertThat(BuildPolicy.STRICT.decide(List.of(r))).isEqualTo(BuildPolicy.Decision.WARN);
    }

    @Test
    void aCertificateExpiringWithinTheCriticalThresholdFails() {
        TlsIdentity soon = TlsIdentity.selfSigned("mail.smtpcheck.test", Duration.ofDays(5).plusHours(2));
        Path pem = soon.writePem(dir.resolve("soon.pem"));
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().starttls(soon));

        CheckResult r = SmtpSession.check(against(server).recipient("user@other.com")
                .tls(new TlsOptions(pem.toString())).expectations(new Expectations(null, List.of(), CertDays.parse("30,7"))).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.ExpectationFailed.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.TLS);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("tls.cert-days-crit");
        assertThat(r.outcome().diagnosis().summary()).contains("5 days", "7");
    }

    @ParameterizedTest
    @EnumSource(AuthMechanism.class)
    void authSucceedsWithEveryMechanism(AuthMechanism mechanism) {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().starttls(identity).auth(USER, PASSWORD));

        CheckResult r = SmtpSession.check(against(server).tlsPolicy(TlsPolicy.at(TlsLevel.VERIFY)).credentials(new Credentials(USER, PASSWORD, mechanism))
                .tls(new TlsOptions(trustFile.toString())).recipient("user@other.com").build());

        assertThat(r.outcome()).as(TextReport.render(r, true)).isInstanceOf(Outcome.Passed.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.RCPT);
        assertThat(r.transcript().renderPlain()).contains("-> AUTH " + mechanism.saslName(), "<- 235 2.7.0 Authentication successful");
        RecordedSession session = onlySession(server);
        assertThat(session.authenticatedUser()).contains(USER);
        assertThat(session.commands()).contains("MAIL FROM:<test@test.com>");
        assertNoSecretIn(r);
    }

    @Test
    void authWithoutMechanismPicksPlainAndStopsAfterAuth() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().auth(USER, PASSWORD));

        CheckResult r = SmtpSession.check(against(server).tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).allowPlaintextAuth(true)
                .credentials(new Credentials(USER, PASSWORD, null)).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.Passed.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.AUTH);
        assertThat(r.transcript().renderPlain()).contains("-> AUTH PLAIN");
        assertThat(onlySession(server).authenticatedUser()).contains(USER);
        assertNoSecretIn(r);
    }

    @ParameterizedTest
    @EnumSource(AuthMechanism.class)
    void aWrongPasswordIsPermanentAtAuth(AuthMechanism mechanism) {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().auth(USER, "the-right-one"));

        CheckResult r = SmtpSession.check(against(server).tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).allowPlaintextAuth(true)
                .credentials(new Credentials(USER, PASSWORD, mechanism)).recipient("user@other.com").build());

        assertThat(r.outcome()).as(TextReport.render(r, true)).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.AUTH);
        assertThat(r.outcome().reply().code()).isEqualTo(535);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("smtp.auth-failed");
        RecordedSession session = onlySession(server);
        assertThat(session.authenticatedUser()).isEmpty();
        assertThat(session.commands()).doesNotContain("MAIL FROM:<test@test.com>").endsWith("QUIT");
        assertNoSecretIn(r);
    }

    @Test
    void authIsNotAttemptedInPlainTextUnlessAllowed() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().auth(USER, PASSWORD));

        CheckResult r = SmtpSession.check(against(server).credentials(new Credentials(USER, PASSWORD, null)).recipient("user@other.com").build());

        assertThat(r.outcome()).isInstanceOf(Outcome.TlsFailure.class);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("tls.not-offered");
        assertThat(onlySession(server).lines()).containsExactly("EHLO client.smtpcheck.test", "QUIT");
    }

    @Test
    void authNotOfferedFailsTheExpectation() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder());

        CheckResult r = SmtpSession.check(against(server).tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).allowPlaintextAuth(true)
                .credentials(new Credentials(USER, PASSWORD, null)).recipient("user@other.com").build());

        assertThat(r.outcome()).isInstanceOf(Outcome.ExpectationFailed.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.AUTH);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("auth.not-offered");
        assertThat(onlySession(server).commands()).containsExactly("EHLO client.smtpcheck.test", "QUIT");
    }

    @Test
    void mail550IsPermanentAtMail() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().on("MAIL", Action.reply("550 5.7.1 Sender rejected")));

        CheckResult r = SmtpSession.check(against(server).recipient("user@other.com").build());

        assertThat(r.outcome()).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.MAIL);
        assertThat(r.outcome().reply().raw()).isEqualTo("550 5.7.1 Sender rejected");
        assertThat(onlySession(server).commands()).containsExactly("EHLO client.smtpcheck.test", "MAIL FROM:<test@test.com>", "QUIT");
    }

    @Test
    void tooManyRecipientsIsTransientAtRcpt() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().on("RCPT", Action.reply("452 #4.5.3 Too many recipients")));

        CheckResult r = SmtpSession.check(against(server).recipient("user@other.com").build());

        assertThat(r.outcome()).isInstanceOf(Outcome.TransientFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.RCPT);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("smtp.too-many-recipients");
        assertThat(r.outcome().reply().enhancedCode().orElseThrow().esaForm()).isEqualTo("#4.5.3");
    }

    @Test
    void aSecondRecipientRefusedIsPermanentWithBothResults() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder()
                .on("RCPT", Action.reply("250 2.1.5 Ok"), Action.reply("550 5.1.1 <nobody@other.com>: User unknown")));

        CheckResult r = SmtpSession.check(against(server).recipients(List.of("user@other.com", "nobody@other.com")).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.RCPT);
        assertThat(r.outcome().reply().code()).isEqualTo(550);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("sendmail.user-unknown");
        assertThat(r.recipients()).extracting(RecipientResult::address, RecipientResult::accepted)
                .containsExactly(tuple("user@other.com", true), tuple("nobody@other.com", false));
        assertThat(TextReport.render(r, false)).contains("accepted:  <user@other.com> 250 2.1.5 Ok",
                "refused:   <nobody@other.com> 550 5.1.1 <nobody@other.com>: User unknown");
    }

    @Test
    void dataCommandRefusedIsPermanentAtData() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder()
                .on(ScriptedSmtpServer.DATA_START, Action.reply("554 5.5.1 Error: no valid recipients")));

        CheckResult r = SmtpSession.check(against(server).recipient("user@other.com").stopAfter(Stage.DATA).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.DATA);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("postfix.no-valid-recipients");
        RecordedSession session = onlySession(server);
        assertThat(session.messages()).isEmpty();
        assertThat(session.commands()).endsWith("DATA", "QUIT");
    }

    @Test
    void messageRefusedAfterTheBodyIsPermanentAtData() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder()
                .on("DATA", Action.reply("552 5.3.4 Message size exceeds fixed limit")));

        CheckResult r = SmtpSession.check(against(server).recipient("user@other.com").stopAfter(Stage.DATA).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.DATA);
        assertThat(r.outcome().reply().code()).isEqualTo(552);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("smtp.message-too-big");
        RecordedSession session = onlySession(server);
        assertThat(session.messages()).hasSize(1);
        assertThat(session.commands()).endsWith("DATA", "QUIT");
    }

    @Test
    void aBannerNotMatchingTheExpectationFails() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().banner(Action.reply("220 my_esa.local ESMTP")));

        CheckResult r = SmtpSession.check(against(server).recipient("user@other.com")
                .expectations(new Expectations(Pattern.compile("Postfix"), List.of(), CertDays.NONE)).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.ExpectationFailed.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.BANNER);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("expect.banner");
        assertThat(r.outcome().diagnosis().explanation()).contains("Postfix", "220 my_esa.local ESMTP");
        assertThat(onlySession(server).commands()).containsExactly("QUIT");
    }

    @Test
    void aMissingEhloKeywordFailsTheExpectation() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().on("EHLO", Action.reply("250-my_esa.local", "250 8BITMIME")));

        CheckResult r = SmtpSession.check(against(server).recipient("user@other.com")
                .expectations(new Expectations(null, List.of("size"), CertDays.NONE)).build());

        assertThat(r.outcome()).isInstanceOfSatisfying(Outcome.ExpectationFailed.class,
                e -> assertThat(e.actual()).isEqualTo("8BITMIME"));
        assertThat(r.outcome().stage()).isEqualTo(Stage.EHLO);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("expect.ehlo-keyword");
        assertThat(onlySession(server).commands()).containsExactly("EHLO client.smtpcheck.test", "QUIT");
    }

    @ParameterizedTest
    @EnumSource(value = Stage.class, names = {"CONNECT", "BANNER", "EHLO", "MAIL", "RCPT"})
    void stopAfterEachStagePassesThereAndSendsNothingLater(Stage stop) {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder());

        CheckResult r = SmtpSession.check(against(server).tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).recipient("user@other.com").stopAfter(stop).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.Passed.class);
        assertThat(r.outcome().stage()).isEqualTo(stop);
        List<String> all = List.of("EHLO client.smtpcheck.test", "MAIL FROM:<test@test.com>", "RCPT TO:<user@other.com>");
        int sent = switch (stop) {
            case CONNECT, BANNER -> 0;
            case EHLO -> 1;
            case MAIL -> 2;
            default -> 3;
        };
        if (stop == Stage.CONNECT) {
            // A port check: connected, closed, not a word of SMTP (not even waiting for the banner).
            assertThat(onlySession(server).commands()).isEmpty();
            assertThat(r.transcript().render()).contains("** Connected to").endsWith("** Connection closed.");
            return;
        }
        List<String> expected = new ArrayList<>(all.subList(0, sent));
        expected.add("QUIT");
        assertThat(onlySession(server).commands()).containsExactlyElementsOf(expected);
        assertThat(r.transcript().renderPlain()).endsWith("-> QUIT\n<- 221 2.0.0 Bye");
    }

    @Test
    void stopAfterEhloDoesNotStartTls() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().starttls(identity));

        CheckResult r = SmtpSession.check(against(server).recipient("user@other.com").stopAfter(Stage.EHLO)
                .tls(new TlsOptions(trustFile.toString())).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.Passed.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.EHLO);
        assertThat(r.capabilities()).contains("STARTTLS");
        assertThat(onlySession(server).commands()).containsExactly("EHLO client.smtpcheck.test", "QUIT");
    }

    @Test
    void stopAfterEhloStillRequiresStartTlsToBeOffered() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder());

        CheckResult r = SmtpSession.check(against(server).tlsPolicy(TlsPolicy.at(TlsLevel.ENCRYPT)).stopAfter(Stage.EHLO).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.TlsFailure.class);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("tls.not-offered");
    }

    @Test
    void stopAfterTlsPassesAtTls() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().starttls(identity));

        CheckResult r = SmtpSession.check(against(server).stopAfter(Stage.TLS).tls(new TlsOptions(trustFile.toString())).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.Passed.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.TLS);
        assertThat(onlySession(server).commands()).containsExactly("EHLO client.smtpcheck.test", "STARTTLS", "EHLO client.smtpcheck.test", "QUIT");
    }

    @Test
    void a421ToRcptIsTransientAtRcptWithoutQuit() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder()
                .on("RCPT", Action.replyThenClose("421 4.7.0 my_esa.local Error: too many errors")));

        CheckResult r = SmtpSession.check(against(server).recipient("user@other.com").build());

        assertThat(r.outcome()).isInstanceOf(Outcome.TransientFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.RCPT);
        assertThat(r.outcome().reply().code()).isEqualTo(421);
        assertThat(r.transcript().renderPlain()).doesNotContain("-> QUIT");
        assertThat(r.recipients()).extracting(RecipientResult::address, rr -> rr.reply().code())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("user@other.com", 421));
    }

    // ---------------------------------------------------------------- 3. secrets

    @ParameterizedTest
    @EnumSource(AuthMechanism.class)
    void secretsNeverAppearInResultsOrReportsEvenInPlaintextSessions(AuthMechanism mechanism) {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().auth(USER, PASSWORD));

        CheckResult r = SmtpSession.check(against(server).tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).allowPlaintextAuth(true)
                .credentials(new Credentials(USER, PASSWORD, mechanism)).recipient("user@other.com").stopAfter(Stage.DATA).build());

        assertThat(r.outcome()).as(TextReport.render(r, true)).isInstanceOf(Outcome.Passed.class);
        assertThat(onlySession(server).authenticatedUser()).as("the server received and verified the secret").contains(USER);
        assertThat(r.transcript().renderPlain()).contains("-> AUTH " + mechanism.saslName());
        assertNoSecretIn(r);
    }

    @Test
    void aSecretEchoedByTheServerInAReplyIsMasked() {
        String plainBlob = Base64.getEncoder().encodeToString(("\0" + USER + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().auth(USER, PASSWORD)
                .on("AUTH", Action.reply("535 5.7.8 Authentication failed: " + plainBlob + " (password " + PASSWORD + ")")));

        CheckResult r = SmtpSession.check(against(server).tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).allowPlaintextAuth(true)
                .credentials(new Credentials(USER, PASSWORD, AuthMechanism.PLAIN)).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.AUTH);
        assertThat(r.outcome().reply().code()).isEqualTo(535);
        assertNoSecretIn(r);
    }

    @Test
    void aSecretEchoedByTheServerInAMalformedReplyIsMasked() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().auth(USER, PASSWORD)
                .on("MAIL", Action.reply("what is " + PASSWORD + "?")));

        CheckResult r = SmtpSession.check(against(server).tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).allowPlaintextAuth(true)
                .credentials(new Credentials(USER, PASSWORD, AuthMechanism.LOGIN)).recipient("user@other.com").build());

        assertThat(r.outcome()).isInstanceOf(Outcome.ProtocolViolation.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.MAIL);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("protocol.malformed");
        assertNoSecretIn(r);
    }

    private static void assertNoSecretIn(CheckResult r) {
        Base64.Encoder b64 = Base64.getEncoder();
        List<String> forms = List.of(PASSWORD,
                b64.encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)),
                b64.encodeToString(("\0" + USER + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8)),
                b64.encodeToString(("user=" + USER + "\u0001auth=Bearer " + PASSWORD + "\u0001\u0001").getBytes(StandardCharsets.UTF_8)));
        List<String> renderings = List.of(r.transcript().render(), r.transcript().renderPlain(), r.transcript().toString(),
                TextReport.render(r, true), JsonReport.render(List.of(r)), JunitXmlReport.render(List.of(r), io.smtpcheck.report.BuildPolicy.STRICT), r.toString());
        for (String rendering : renderings) {
            for (String form : forms) {
                assertThat(rendering).doesNotContain(form);
            }
        }
    }
}
