package io.smtpcheck.it;

import io.smtpcheck.report.TextReport;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Stage;
import io.smtpcheck.request.TlsOptions;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.SmtpSession;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.testkit.TlsIdentity;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;
import io.smtpcheck.tls.TlsTransport;
import io.smtpcheck.tls.Trust;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Debian's posttls-finger (Postfix's own TLS probe) and the check's session, at the same level against the same
 * listener, must report the same word: Anonymous, Untrusted, Trusted or Verified, or no TLS at all. Ours is what the
 * user sees: the log line of the result's TLS block (SmtpSession.check, as the CLI and the reports show it). The
 * listeners are testkit servers with the certificate cases of issue 12, and the loopback Postfix with its snakeoil
 * certificate. Skipped when posttls-finger is missing; under CI=true that is a failure.
 */
class PosttlsFingerIT {

    private static final Path POSTTLS_FINGER = Path.of("/usr/sbin/posttls-finger");
    private static final Path SNAKEOIL = Path.of("/etc/ssl/certs/ssl-cert-snakeoil.pem");
    private static final String NAME = "mx1.example.test";
    private static final Pattern VERDICT = Pattern.compile(
            "posttls-finger: (Anonymous|Untrusted|Trusted|Verified) TLS connection established to (\\S+): (\\S+) with cipher (\\S+)");
    private static final Duration RUN_LIMIT = Duration.ofSeconds(40);

    enum Listener { SELF_SIGNED, PRIVATE_CA, WRONG_NAME, EXPIRED, EXPIRING_INTERMEDIATE, BROKEN_HANDSHAKE, NOT_OFFERED, POSTFIX_SNAKEOIL }

    private static final Map<Listener, ScriptedSmtpServer> SERVERS = new EnumMap<>(Listener.class);
    private static Path rootPem;
    private static Path selfSignedPem;

    @BeforeAll
    static void start(@TempDir Path dir) {
        if (!Files.isExecutable(POSTTLS_FINGER)) {
            String why = POSTTLS_FINGER + " is missing; it comes with Debian's postfix package (apt-get install postfix)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + " — CI must run this comparison, so this is a failure, not a skip.");
            }
            System.err.println("[smtp-check] posttls-finger comparison SKIPPED: " + why);
            abort(why);
        }
        Instant now = Instant.now();
        Instant past = now.minus(Duration.ofDays(100));
        Instant future = now.plus(Duration.ofDays(365));
        TlsIdentity root = TlsIdentity.authority("smtp-check IT root", past, now.plus(Duration.ofDays(3650)));
        rootPem = root.writePem(dir.resolve("root.pem"));
        TlsIdentity intermediate = root.issueAuthority("smtp-check IT intermediate", past, future);
        TlsIdentity dying = root.issueAuthority("smtp-check IT dying intermediate", past, now.plus(Duration.ofDays(3)));
        Map<Listener, TlsIdentity> ids = new EnumMap<>(Listener.class);
        ids.put(Listener.SELF_SIGNED, TlsIdentity.selfSigned(NAME, Duration.ofDays(365)));
        selfSignedPem = ids.get(Listener.SELF_SIGNED).writePem(dir.resolve("self-signed.pem"));
        ids.put(Listener.PRIVATE_CA, intermediate.issueServer(NAME, List.of(NAME), past, future));
        ids.put(Listener.WRONG_NAME, intermediate.issueServer("other.example.test", List.of("other.example.test"), past, future));
        ids.put(Listener.EXPIRED, intermediate.issueServer(NAME, List.of(NAME), past, now.minus(Duration.ofDays(2))));
        ids.put(Listener.EXPIRING_INTERMEDIATE, dying.issueServer(NAME, List.of(NAME), past, future));
        ids.put(Listener.BROKEN_HANDSHAKE, ids.get(Listener.PRIVATE_CA));
        for (Listener l : List.of(Listener.SELF_SIGNED, Listener.PRIVATE_CA, Listener.WRONG_NAME, Listener.EXPIRED,
                Listener.EXPIRING_INTERMEDIATE, Listener.BROKEN_HANDSHAKE, Listener.NOT_OFFERED)) {
            ScriptedSmtpServer.Builder b = ScriptedSmtpServer.builder().hostname(NAME).bindAddress(InetAddress.getLoopbackAddress());
            if (l != Listener.NOT_OFFERED) {
                b.starttls(ids.get(l));
            }
            if (l == Listener.BROKEN_HANDSHAKE) {
                b.on("STARTTLS", Action.startTlsThenGarbage());
            }
            SERVERS.put(l, b.start());
        }
    }

    @AfterAll
    static void stop() {
        SERVERS.values().forEach(ScriptedSmtpServer::close);
    }

    /**
     * {@code trust}: root (the private CA's PEM), self (the self-signed certificate itself, with its IP SAN 127.0.0.1), snakeoil (Postfix's certificate as CA file) or none (posttls-finger
     * trusts nothing, the check the JVM's store). {@code match}: posttls-finger's match arguments, the check's
     * match list; "-" for the level's default; "snakeoil-cn" for the name in the snakeoil certificate.
     */
    @ParameterizedTest(name = "{0} at {1}, trust {2}, match {3}")
    @CsvSource({
            "SELF_SIGNED, may, none, " + NAME, "SELF_SIGNED, encrypt, none, " + NAME,
            "SELF_SIGNED, verify, none, " + NAME, "SELF_SIGNED, secure, none, " + NAME,
            "SELF_SIGNED, may, self, -", "SELF_SIGNED, verify, self, -", "SELF_SIGNED, secure, self, -",
            "PRIVATE_CA, may, root, " + NAME, "PRIVATE_CA, encrypt, root, " + NAME,
            "PRIVATE_CA, verify, root, " + NAME, "PRIVATE_CA, secure, root, " + NAME,
            "PRIVATE_CA, verify, none, " + NAME,
            "WRONG_NAME, may, root, " + NAME, "WRONG_NAME, encrypt, root, " + NAME,
            "WRONG_NAME, verify, root, " + NAME, "WRONG_NAME, secure, root, " + NAME,
            "EXPIRED, may, root, " + NAME, "EXPIRED, encrypt, root, " + NAME,
            "EXPIRED, verify, root, " + NAME, "EXPIRED, secure, root, " + NAME,
            "EXPIRING_INTERMEDIATE, may, root, " + NAME, "EXPIRING_INTERMEDIATE, verify, root, " + NAME,
            "PRIVATE_CA, verify, root, -",
            "BROKEN_HANDSHAKE, may, root, " + NAME, "BROKEN_HANDSHAKE, verify, root, " + NAME,
            "NOT_OFFERED, may, root, " + NAME, "NOT_OFFERED, encrypt, root, " + NAME,
            "POSTFIX_SNAKEOIL, may, none, -", "POSTFIX_SNAKEOIL, encrypt, none, -",
            "POSTFIX_SNAKEOIL, verify, none, -", "POSTFIX_SNAKEOIL, secure, none, -",
            "POSTFIX_SNAKEOIL, may, snakeoil, -", "POSTFIX_SNAKEOIL, encrypt, snakeoil, -",
            "POSTFIX_SNAKEOIL, verify, snakeoil, -", "POSTFIX_SNAKEOIL, secure, snakeoil, -",
            "POSTFIX_SNAKEOIL, verify, snakeoil, snakeoil-cn", "POSTFIX_SNAKEOIL, secure, snakeoil, snakeoil-cn",
    })
    void sameVerdictAsPosttlsFinger(Listener listener, String levelName, String trust, String matchArg) throws Exception {
        String host = "127.0.0.1";
        int port;
        if (listener == Listener.POSTFIX_SNAKEOIL) {
            new LocalPostfix().beforeAll(null);
            port = LocalPostfix.ACCEPTING;
        } else {
            port = SERVERS.get(listener).port();
        }
        Path caFile = switch (trust) {
            case "root" -> rootPem;
            case "snakeoil" -> SNAKEOIL;
            case "self" -> selfSignedPem;
            default -> null;
        };
        List<String> match = switch (matchArg) {
            case "-" -> List.of();
            case "snakeoil-cn" -> List.of(LocalPostfix.snakeoilCommonName());
            default -> List.of(matchArg);
        };
        TlsLevel level = TlsLevel.parse(levelName);

        String theirs = posttlsFinger(level, caFile, host, port, match);
        String ours = ours(level, caFile, host, port, match);
        System.out.printf("[posttls-finger comparison] %-22s %-8s trust=%-8s match=%-18s posttls-finger=%-10s smtp-check=%s%n",
                listener, levelName, trust, matchArg, theirs, ours);
        assertThat(ours).as("the check's word against posttls-finger's for %s at %s", listener, levelName).isEqualTo(theirs);
    }

    /** The word posttls-finger logs, or "no TLS" when it established none. */
    private static String posttlsFinger(TlsLevel level, Path caFile, String host, int port, List<String> match) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(POSTTLS_FINGER.toString(), "-c", "-t", "10", "-T", "10", "-l", level.optionName()));
        if (caFile != null) {
            cmd.addAll(List.of("-F", caFile.toString()));
        }
        cmd.add("[" + host + "]:" + port);
        cmd.addAll(match);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            if (!p.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish in " + RUN_LIMIT);
            }
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = VERDICT.matcher(output);
        return m.find() ? m.group(1) : "no TLS";
    }

    /** The word the session reports for the same listener, trust and names: the TLS line of its result, or "no TLS". */
    private static String ours(TlsLevel level, Path caFile, String host, int port, List<String> match) {
        CheckResult r = SmtpSession.check(CheckRequest.builder(host).port(port).heloName("probe.smtpcheck.test").stopAfter(Stage.TLS)
                .tlsPolicy(new TlsPolicy(level, TlsTransport.STARTTLS, match))
                .tls(new TlsOptions(caFile == null ? null : caFile.toString())).build());
        if (r.tls() == null || r.tls().report() == null) {
            return "no TLS";
        }
        Trust word = r.tls().postfixTrust();
        assertThat(TextReport.render(r, false)).as("the text report shows the word").contains("tls:       " + word.word() + " TLS connection established");
        return word.word();
    }
}
