package io.smtpcheck.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * One of the real servers {@code .ci/mta-setup.sh} starts on loopback beside Postfix (Exim, OpenSMTPD, Node
 * smtp-server; port map in {@code .ci/mta-scenarios.md}). A test that needs one calls {@link #require()}: when the
 * server is not there the test is skipped with the command that starts it, and under CI=true it fails instead, so a
 * missing install step cannot pass unnoticed (as {@link LocalPostfix} does for Postfix).
 *
 * @param name      how the docs and messages name the server
 * @param probePort a port of the server that greets with a 220
 * @param banner    a word its 220 greeting contains
 */
record LocalMta(String name, int probePort, String banner) {

    static final String HOST = "127.0.0.1";
    static final LocalMta EXIM = new LocalMta("Exim 4.96", 2540, "Exim");
    static final LocalMta OPENSMTPD = new LocalMta("OpenSMTPD 6.8", 2560, "OpenSMTPD");
    static final LocalMta NODE = new LocalMta("Node smtp-server 3.21", 2570, "smtp-server");

    /** One probe per server and JVM: the answer does not change during a run, and each probe costs a connection. */
    private static final Map<LocalMta, String> GREETINGS = new ConcurrentHashMap<>();

    /** Returns when the server answers; otherwise skips the calling test, or fails it under CI=true. */
    void require() {
        String greeting = GREETINGS.computeIfAbsent(this, LocalMta::greeting);
        if (greeting.startsWith("220") && greeting.contains(banner)) {
            return;
        }
        String why = "no " + name + " answers on " + HOST + ":" + probePort
                + (greeting.isEmpty() ? "" : " (it said: " + greeting + ")") + ". Start it with: sudo .ci/mta-setup.sh";
        if ("true".equals(System.getenv("CI"))) {
            fail(why + " — CI must run these tests, so this is a failure, not a skip.");
        }
        System.err.println("[smtp-check] " + name + " integration test SKIPPED: " + why);
        abort(why);
    }

    private String greeting() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, probePort), 2000);
            s.setSoTimeout(5000);
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            return "";
        }
    }
}
