package io.smtpcheck.it;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The real Postfix that {@code .ci/postfix-setup.sh} starts on loopback. When it is not there the tests
 * are skipped with the command that starts it; under CI=true they fail instead, so a missing install
 * step cannot pass unnoticed.
 */
final class LocalPostfix implements BeforeAllCallback {

    static final String HOST = "127.0.0.1";
    static final int ACCEPTING = 25;
    static final int RELAY_DENIED = 2525;
    static final int TLS_REQUIRED = 2526;
    static final int RECIPIENT_LIMIT_2 = 2527;
    static final int TLS_OFF = 2528;
    static final int HELO_CHECKED = 2529;
    static final int SIZE_LIMIT_1K = 2530;
    static final int CLIENT_REJECTED = 2531;
    static final int ONE_CONNECTION = 2532;
    static final int AUTH = 2533;
    static final String AUTH_USER = "smtpcheck";
    static final String AUTH_PASSWORD = "smtpcheck-secret";
    static final String LOCAL_USER = "smtpcheck@localhost";
    /** Postfix's self-signed snakeoil certificate, trusted explicitly by the TLS tests. */
    static final Path SNAKEOIL = Path.of("/etc/ssl/certs/ssl-cert-snakeoil.pem");

    @Override
    public void beforeAll(ExtensionContext context) {
        String banner = banner();
        if (banner != null && banner.contains("Postfix") && Files.isReadable(SNAKEOIL)) {
            return;
        }
        String why = "no Postfix answers on " + HOST + ":" + ACCEPTING + (banner == null ? "" : " (it said: " + banner + ")")
                + ". Start it with: sudo .ci/postfix-setup.sh";
        if ("true".equals(System.getenv("CI"))) {
            fail(why + " — CI must run these tests, so this is a failure, not a skip.");
        }
        // Surefire reports a class aborted in beforeAll as "Tests run: 0" without the reason: say it on the console.
        System.err.println("[smtp-check] Postfix integration tests SKIPPED: " + why);
        abort(why);
    }

    /** The CN of the snakeoil certificate: the machine's name when the ssl-cert package made it. */
    static String snakeoilCommonName() throws Exception {
        try (var in = Files.newInputStream(SNAKEOIL)) {
            String dn = ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getSubjectX500Principal().getName();
            Matcher m = Pattern.compile("CN=([^,]+)").matcher(dn);
            if (!m.find()) {
                throw new IllegalStateException("no CN in " + dn + " (" + SNAKEOIL + ")");
            }
            return m.group(1);
        }
    }

    private static String banner() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, ACCEPTING), 2000);
            s.setSoTimeout(5000);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        } catch (IOException e) {
            return null;
        }
    }
}
