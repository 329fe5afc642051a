package io.smtpcheck.tls;

import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.testkit.TlsIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every TLS level against every certificate case, through real STARTTLS handshakes with the testkit server and
 * the decisions in the order the session will call them. The table of issue 12: what the check ends with, without
 * credentials and with them (plaintext AUTH and unverified AUTH not allowed). "Postfix:" is the word a Postfix log
 * would show at that level when it differs from the check's own classification.
 */
class TlsLevelMatrixTest {

    private static final String HOST = "mx1.example.test";
    private static final Instant NOW = Instant.now();

    /** The certificate situations of the issue; each has its own listener. */
    enum Case {
        SELF_SIGNED, PRIVATE_CA, WRONG_NAME, EXPIRED, EXPIRING_WARN, EXPIRING_CRIT, BROKEN_HANDSHAKE, NOT_OFFERED
    }

    private static final Map<Case, ScriptedSmtpServer> SERVERS = new EnumMap<>(Case.class);
    private static final ChainEvaluator JVM_TRUST = ChainEvaluator.jvmDefault();
    private static TlsIdentity root;

    @BeforeAll
    static void startListeners() {
        Instant longAgo = NOW.minus(Duration.ofDays(400));
        Instant inAYear = NOW.plus(Duration.ofDays(365));
        root = TlsIdentity.authority("smtp-check test root", longAgo, NOW.plus(Duration.ofDays(3650)));
        TlsIdentity intermediate = root.issueAuthority("smtp-check test intermediate", longAgo, NOW.plus(Duration.ofDays(1000)));
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
            ScriptedSmtpServer.Builder b = ScriptedSmtpServer.builder().hostname(HOST);
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
            none    | SELF_SIGNED      | PASS no TLS                          | FAIL tls.unverified-auth
            may     | SELF_SIGNED      | PASS Untrusted                       | FAIL tls.unverified-auth
            encrypt | SELF_SIGNED      | PASS Untrusted                       | FAIL tls.unverified-auth
            verify  | SELF_SIGNED      | FAIL tls.untrusted                   | FAIL tls.untrusted
            secure  | SELF_SIGNED      | FAIL tls.untrusted                   | FAIL tls.untrusted
            none    | PRIVATE_CA       | PASS no TLS                          | FAIL tls.unverified-auth
            may     | PRIVATE_CA       | PASS Verified (Postfix: Trusted)     | PASS Verified (Postfix: Trusted) + AUTH
            encrypt | PRIVATE_CA       | PASS Verified (Postfix: Trusted)     | PASS Verified (Postfix: Trusted) + AUTH
            verify  | PRIVATE_CA       | PASS Verified                        | PASS Verified + AUTH
            secure  | PRIVATE_CA       | PASS Verified                        | PASS Verified + AUTH
            none    | WRONG_NAME       | PASS no TLS                          | FAIL tls.unverified-auth
            may     | WRONG_NAME       | PASS Trusted                         | FAIL tls.unverified-auth
            encrypt | WRONG_NAME       | PASS Trusted                         | FAIL tls.unverified-auth
            verify  | WRONG_NAME       | FAIL tls.hostname                    | FAIL tls.hostname
            secure  | WRONG_NAME       | FAIL tls.hostname                    | FAIL tls.hostname
            none    | EXPIRED          | PASS no TLS                          | FAIL tls.unverified-auth
            may     | EXPIRED          | PASS Untrusted                       | FAIL tls.unverified-auth
            encrypt | EXPIRED          | PASS Untrusted                       | FAIL tls.unverified-auth
            verify  | EXPIRED          | FAIL tls.untrusted                   | FAIL tls.untrusted
            secure  | EXPIRED          | FAIL tls.untrusted                   | FAIL tls.untrusted
            none    | EXPIRING_WARN    | FAIL expect.tls-absent               | FAIL expect.tls-absent
            may     | EXPIRING_WARN    | WARN tls.cert-days-warn Verified (Postfix: Trusted) | WARN tls.cert-days-warn Verified (Postfix: Trusted) + AUTH
            encrypt | EXPIRING_WARN    | WARN tls.cert-days-warn Verified (Postfix: Trusted) | WARN tls.cert-days-warn Verified (Postfix: Trusted) + AUTH
            verify  | EXPIRING_WARN    | WARN tls.cert-days-warn Verified     | WARN tls.cert-days-warn Verified + AUTH
            secure  | EXPIRING_WARN    | WARN tls.cert-days-warn Verified     | WARN tls.cert-days-warn Verified + AUTH
            none    | EXPIRING_CRIT    | FAIL expect.tls-absent               | FAIL expect.tls-absent
            may     | EXPIRING_CRIT    | FAIL tls.cert-days-crit              | FAIL tls.cert-days-crit
            encrypt | EXPIRING_CRIT    | FAIL tls.cert-days-crit              | FAIL tls.cert-days-crit
            verify  | EXPIRING_CRIT    | FAIL tls.cert-days-crit              | FAIL tls.cert-days-crit
            secure  | EXPIRING_CRIT    | FAIL tls.cert-days-crit              | FAIL tls.cert-days-crit
            none    | BROKEN_HANDSHAKE | PASS no TLS                          | FAIL tls.unverified-auth
            may     | BROKEN_HANDSHAKE | WARN tls.fallback no TLS             | FAIL tls.handshake
            encrypt | BROKEN_HANDSHAKE | FAIL tls.handshake                   | FAIL tls.handshake
            verify  | BROKEN_HANDSHAKE | FAIL tls.handshake                   | FAIL tls.handshake
            secure  | BROKEN_HANDSHAKE | FAIL tls.handshake                   | FAIL tls.handshake
            none    | NOT_OFFERED      | PASS no TLS                          | FAIL tls.unverified-auth
            may     | NOT_OFFERED      | PASS no TLS                          | FAIL tls.not-offered
            encrypt | NOT_OFFERED      | FAIL tls.not-offered                 | FAIL tls.not-offered
            verify  | NOT_OFFERED      | FAIL tls.not-offered                 | FAIL tls.not-offered
            secure  | NOT_OFFERED      | FAIL tls.not-offered                 | FAIL tls.not-offered
            """)
    void levelAgainstCertificate(String level, Case c, String expected, String expectedWithCredentials) throws IOException {
        CertDays days = c == Case.EXPIRING_WARN || c == Case.EXPIRING_CRIT ? CertDays.parse("30,7") : CertDays.NONE;
        TlsPolicy policy = new TlsPolicy(TlsLevel.parse(level), TlsTransport.STARTTLS, List.of());
        assertThat(check(policy, c, days, new AuthIntent(false, false, false))).isEqualTo(expected);
        assertThat(check(policy, c, days, new AuthIntent(true, false, false))).isEqualTo(expectedWithCredentials);
    }

    /** The session's TLS and AUTH stages in miniature: every decision in order, on a real exchange. */
    private static String check(TlsPolicy policy, Case c, CertDays days, AuthIntent auth) throws IOException {
        ScriptedSmtpServer server = SERVERS.get(c);
        ChainEvaluator evaluator = c == Case.SELF_SIGNED ? JVM_TRUST
                : ChainEvaluator.trusting(List.of(root.certificate()), "root.pem");
        List<String> warnings = new ArrayList<>();
        TlsReport report = null;
        boolean offered = StartTlsProbe.run(server.host(), server.port(), false).offered();
        TlsStep step = TlsDecisions.beforeStartTls(policy, offered, auth);
        if (step instanceof TlsStep.Proceed) {
            StartTlsProbe.Result tls = StartTlsProbe.run(server.host(), server.port(), true);
            if (tls.failure() != null) {
                step = TlsDecisions.afterHandshakeFailure(policy, tls.failure().getMessage(), auth);
            } else {
                report = evaluator.evaluate(tls.session(), PeerNames.wanted(policy.effectiveMatch(), HOST, HOST), NOW);
                step = TlsDecisions.afterHandshake(policy, report, days, NOW);
            }
        }
        if (step instanceof TlsStep.Plaintext p) {
            if (p.warning() != null) {
                warnings.add(p.warning().diagnosisId());
            }
            step = days.evaluate(null, NOW);
        }
        if (step instanceof TlsStep.Stop s) {
            return "FAIL " + s.problem().diagnosisId();
        }
        if (step instanceof TlsStep.Unmet u) {
            return "FAIL " + u.problem().diagnosisId();
        }
        ((TlsStep.Proceed) step).warnings().forEach(w -> warnings.add(w.diagnosisId()));
        if (TlsDecisions.beforeAuth(report, auth) instanceof TlsStep.Stop s) {
            return "FAIL " + s.problem().diagnosisId();
        }
        String tls = report == null ? "no TLS" : report.trust().word()
                + (report.postfixTrust(policy.level()) == report.trust() ? "" : " (Postfix: " + report.postfixTrust(policy.level()).word() + ")");
        return (warnings.isEmpty() ? "PASS " : "WARN " + String.join(" ", warnings) + " ") + tls + (auth.credentials() ? " + AUTH" : "");
    }
}
