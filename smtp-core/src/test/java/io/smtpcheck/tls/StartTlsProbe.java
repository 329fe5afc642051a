package io.smtpcheck.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * A small STARTTLS client for tests: banner, EHLO, STARTTLS when offered and asked, a handshake with the
 * permissive recording trust manager the TLS stage uses, QUIT. It stands in for the session's TLS stage, so the
 * decisions can be tried against real handshakes before that stage calls them.
 */
public final class StartTlsProbe {

    private static final int TIMEOUT_MS = 10_000;
    private static final int MAX_LINES = 100;

    /** What the exchange showed: whether STARTTLS was offered, the TLS session, or the handshake failure. */
    public record Result(boolean offered, SSLSession session, SSLException failure) {
    }

    private StartTlsProbe() {
    }

    /** Connects, reads the EHLO reply and, when STARTTLS is offered and {@code startTls}, shakes hands. */
    public static Result run(String address, int port, boolean startTls) throws IOException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), TIMEOUT_MS);
            plain.setSoTimeout(TIMEOUT_MS);
            BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = plain.getOutputStream();
            reply(in);
            send(out, "EHLO probe.smtpcheck.test");
            boolean offered = reply(in).stream().anyMatch(l -> l.length() > 4 && l.substring(4).strip().equalsIgnoreCase("STARTTLS"));
            if (!offered || !startTls) {
                send(out, "QUIT");
                return new Result(offered, null, null);
            }
            send(out, "STARTTLS");
            List<String> ready = reply(in);
            if (!ready.get(ready.size() - 1).startsWith("220")) {
                throw new IOException("STARTTLS refused: " + ready);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {TlsContexts.permissive(new PeerChainRecorder())}, null);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, address, port, true);
            tls.setUseClientMode(true);
            try {
                tls.startHandshake();
            } catch (SSLException e) {
                return new Result(true, null, e);
            }
            send(tls.getOutputStream(), "QUIT");
            return new Result(true, tls.getSession(), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One SMTP reply, every line of it; bounded so a hostile server cannot keep the test reading. */
    private static List<String> reply(BufferedReader in) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < MAX_LINES; i++) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed after " + lines);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return lines;
            }
        }
        throw new IOException("reply longer than " + MAX_LINES + " lines");
    }
}
