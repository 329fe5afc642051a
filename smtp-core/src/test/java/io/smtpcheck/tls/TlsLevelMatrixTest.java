package io.smtpcheck.tls;

import io.smtpcheck.classify.Outcome;
import io.smtpcheck.classify.Warning;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Credentials;
import io.smtpcheck.request.Expectations;
import io.smtpcheck.request.InvalidRequestException;
import io.smtpcheck.request.Stage;
import io.smtpcheck.request.TlsOptions;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.Fixtures;
import io.smtpcheck.session.SmtpSession;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.testkit.TlsIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every TLS level against every certificate case, through the real session (SmtpSession.check) against testkit
 * listeners: the table of issue 12 (docs/user-guide.md shows it). What the check ends with, without credentials and
 * with them (plaintext AUTH and unverified AUTH not allowed); "+ AUTH": the credentials were sent and accepted.
 * "Postfix:" is the word a Postfix log would show at that level when it differs from the check's own classification.
 * The private-CA cases trust the test root with a trust file; the self-signed one has the JVM's trust store.
 */
class TlsLevelMatrixTest {

    /** The name connected to, so that it is also the name verify matches; secure matches it too, as a nexthop of its own. */
    private static final String HOST = "localhost";
    private static final String USER = "probe";
    private static final String PASSWORD = "matrix-secret";
    private static final Instant NOW = Instant.now();

    /** The certificate situations of the issue; each has its own listener. */
    enum Case {
        SELF_SIGNED, PRIVATE_CA, WRONG_NAME, EXPIRED, EXPIRING_WARN, EXPIRING_CRIT, BROKEN_HANDSHAKE, NOT_OFFERED
    }

    private static final Map<Case, ScriptedSmtpServer> SERVERS = new EnumMap<>(Case.class);
    private static TlsIdentity root;
    private static TlsIdentity intermediate;
    private static Path rootPem;

    @BeforeAll
    static void startListeners(@TempDir Path dir) {
        Instant longAgo = NOW.minus(Duration.ofDays(400));
        Instant inAYear = NOW.plus(Duration.ofDays(365));
        root = TlsIdentity.authority("smtp-check test root", longAgo, NOW.plus(Duration.ofDays(3650)));
        rootPem = root.writePem(dir.resolve("root.pem"));
        intermediate = root.issueAuthority("smtp-check test intermediate", longAgo, NOW.plus(Duration.ofDays(1000)));
        TlsIdentity dyingIntermediate = root.issueAuthority("smtp-check dying intermediate", longAgo, NOW.plus(Duration.ofDays(3).plusHours(12)));
        List<String> names = List.of(HOST);
        Map<Case, TlsIdentity> identities = new EnumMap<>(Case.class);
        identities.put(Case.SELF_SIGNED, TlsIdentity.selfSigned(HOST, Duration.ofDays(365)));
        identities.put(Case.PRIVATE_CA, intermediate.issueServer(HOST, names, longAgo, inAYear));
        identities.put(Case.WRONG_NAME, intermediate.issueServer("other.example.test", List.of("other.example.test"), longAgo, inAYear));
        identities.put(Case.EXPIRED, intermediate.issueServer(HOST, names, longAgo, NOW.minus(Duration.ofDays(2))));
        identities.put(Case.EXPIRING_WARN, intermediate.issueServer(HOST, names, longAgo, NOW.plus(Duration.ofDays(20).plusHours(12))));
        identities.put(Case.EXPIRING_CRIT, dyingIntermediate.issueServer(HOST, names, longAgo, inAYear));
        identities.put(Case.BROKEN_HANDSHAKE, intermediate.issueServer(HOST, names, longAgo, inAYear));
        for (Case c : Case.values()) {
            ScriptedSmtpServer.Builder b = ScriptedSmtpServer.builder().hostname(HOST).auth(USER, PASSWORD);
            if (c != Case.NOT_OFFERED) {
                b.starttls(identities.get(c));
            }
            if (c == Case.BROKEN_HANDSHAKE) {
                b.on("STARTTLS", Action.startTlsThenGarbage());
            }
            SERVERS.put(c, b.start());
        }
    }

    @AfterAll
    static void stopListeners() {
        SERVERS.values().forEach(ScriptedSmtpServer::close);
    }

    @ParameterizedTest(name = "{0} x {1}: {2} / with credentials: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            none    | SELF_SIGNED      | PASS no TLS                          | REFUSED tls-level
            may     | SELF_SIGNED      | PASS Untrusted                       | FAIL tls.unverified-auth
            encrypt | SELF_SIGNED      | PASS Untrusted                       | FAIL tls.unverified-auth
            verify  | SELF_SIGNED      | FAIL tls.untrusted                   | FAIL tls.untrusted
            secure  | SELF_SIGNED      | FAIL tls.untrusted                   | FAIL tls.untrusted
            none    | PRIVATE_CA       | PASS no TLS                          | REFUSED tls-level
            may     | PRIVATE_CA       | PASS Verified (Postfix: Trusted)     | PASS Verified (Postfix: Trusted) + AUTH
            encrypt | PRIVATE_CA       | PASS Verified (Postfix: Trusted)     | PASS Verified (Postfix: Trusted) + AUTH
            verify  | PRIVATE_CA       | PASS Verified                        | PASS Verified + AUTH
            secure  | PRIVATE_CA       | PASS Verified                        | PASS Verified + AUTH
            none    | WRONG_NAME       | PASS no TLS                          | REFUSED tls-level
            may     | WRONG_NAME       | PASS Trusted                         | FAIL tls.unverified-auth
            encrypt | WRONG_NAME       | PASS Trusted                         | FAIL tls.unverified-auth
            verify  | WRONG_NAME       | FAIL tls.hostname                    | FAIL tls.hostname
            secure  | WRONG_NAME       | FAIL tls.hostname                    | FAIL tls.hostname
            none    | EXPIRED          | PASS no TLS                          | REFUSED tls-level
            may     | EXPIRED          | PASS Untrusted                       | FAIL tls.unverified-auth
            encrypt | EXPIRED          | PASS Untrusted                       | FAIL tls.unverified-auth
            verify  | EXPIRED          | FAIL tls.untrusted                   | FAIL tls.untrusted
            secure  | EXPIRED          | FAIL tls.untrusted                   | FAIL tls.untrusted
            none    | EXPIRING_WARN    | FAIL expect.tls-absent               | REFUSED tls-level
            may     | EXPIRING_WARN    | WARN tls.cert-days-warn Verified (Postfix: Trusted) | WARN tls.cert-days-warn Verified (Postfix: Trusted) + AUTH
            encrypt | EXPIRING_WARN    | WARN tls.cert-days-warn Verified (Postfix: Trusted) | WARN tls.cert-days-warn Verified (Postfix: Trusted) + AUTH
            verify  | EXPIRING_WARN    | WARN tls.cert-days-warn Verified     | WARN tls.cert-days-warn Verified + AUTH
            secure  | EXPIRING_WARN    | WARN tls.cert-days-warn Verified     | WARN tls.cert-days-warn Verified + AUTH
            none    | EXPIRING_CRIT    | FAIL expect.tls-absent               | REFUSED tls-level
            may     | EXPIRING_CRIT    | FAIL tls.cert-days-crit              | FAIL tls.cert-days-crit
            encrypt | EXPIRING_CRIT    | FAIL tls.cert-days-crit              | FAIL tls.cert-days-crit
            verify  | EXPIRING_CRIT    | FAIL tls.cert-days-crit              | FAIL tls.cert-days-crit
            secure  | EXPIRING_CRIT    | FAIL tls.cert-days-crit              | FAIL tls.cert-days-crit
            none    | BROKEN_HANDSHAKE | PASS no TLS                          | REFUSED tls-level
            may     | BROKEN_HANDSHAKE | WARN tls.fallback no TLS             | FAIL tls.handshake
            encrypt | BROKEN_HANDSHAKE | FAIL tls.handshake                   | FAIL tls.handshake
            verify  | BROKEN_HANDSHAKE | FAIL tls.handshake                   | FAIL tls.handshake
            secure  | BROKEN_HANDSHAKE | FAIL tls.handshake                   | FAIL tls.handshake
            none    | NOT_OFFERED      | PASS no TLS                          | REFUSED tls-level
            may     | NOT_OFFERED      | PASS no TLS                          | FAIL tls.not-offered
            encrypt | NOT_OFFERED      | FAIL tls.not-offered                 | FAIL tls.not-offered
            verify  | NOT_OFFERED      | FAIL tls.not-offered                 | FAIL tls.not-offered
            secure  | NOT_OFFERED      | FAIL tls.not-offered                 | FAIL tls.not-offered
            """)
    void levelAgainstCertificate(String level, Case c, String expected, String expectedWithCredentials) {
        CertDays days = c == Case.EXPIRING_WARN || c == Case.EXPIRING_CRIT ? CertDays.parse("30,7") : CertDays.NONE;
        TlsPolicy policy = TlsPolicy.at(TlsLevel.parse(level));
        assertThat(check(request(policy, c, days), policy)).isEqualTo(expected);
        assertThat(check(request(policy, c, days).credentials(new Credentials(USER, PASSWORD, null)), policy)).isEqualTo(expectedWithCredentials);
    }

    @Test
    void secureMatchesTheMailDomainOfAnMxHostAndVerifyItsHostName() {
        ScriptedSmtpServer server = ScriptedSmtpServer.builder().hostname(HOST)
                .starttls(intermediate.issueServer("mx1.example.test", List.of("mx1.example.test"), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(90))))
                .start();
        try (server) {
            CheckResult secure = SmtpSession.check(Fixtures.against(server).host(HOST).nexthop("example.test")
                    .tlsPolicy(TlsPolicy.at(TlsLevel.SECURE)).tls(new TlsOptions(rootPem.toString())).build());
            CheckResult verify = SmtpSession.check(Fixtures.against(server).host(HOST).nexthop("example.test")
                    .tlsPolicy(TlsPolicy.at(TlsLevel.VERIFY)).tls(new TlsOptions(rootPem.toString())).build());

            assertThat(secure.outcome()).as("dot-nexthop: .example.test names mx1.example.test").isInstanceOf(Outcome.Passed.class);
            assertThat(secure.tls().report().wantedNames()).containsExactly("example.test", ".example.test");
            assertThat(secure.tls().report().matchedName()).isEqualTo(".example.test");
            assertThat(verify.outcome().diagnosis().id()).as("verify matches the host connected to, localhost").isEqualTo("tls.hostname");
        }
    }

    private static CheckRequest.Builder request(TlsPolicy policy, Case c, CertDays days) {
        ScriptedSmtpServer server = SERVERS.get(c);
        return Fixtures.against(server).host(HOST).tlsPolicy(policy).expectations(new Expectations(null, List.of(), days))
                .tls(c == Case.SELF_SIGNED ? TlsOptions.DEFAULT : new TlsOptions(rootPem.toString()));
    }

    /** What the session ended with, in the table's words. */
    private static String check(CheckRequest.Builder request, TlsPolicy policy) {
        CheckResult r;
        try {
            r = SmtpSession.check(request.build());
        } catch (InvalidRequestException e) {
            return "REFUSED " + e.field();
        }
        if (!(r.outcome() instanceof Outcome.Passed)) {
            return "FAIL " + r.outcome().diagnosis().id();
        }
        TlsReport report = r.tls() == null ? null : r.tls().report();
        String tls = report == null ? "no TLS" : report.trust().word()
                + (report.postfixTrust(policy.level()) == report.trust() ? "" : " (Postfix: " + report.postfixTrust(policy.level()).word() + ")");
        String warnings = r.warnings().stream().map(Warning::diagnosis).map(d -> d.id() + " ").collect(Collectors.joining());
        return (warnings.isEmpty() ? "PASS " : "WARN " + warnings) + tls + (r.outcome().stage() == Stage.AUTH ? " + AUTH" : "");
    }
}
