package io.smtpcheck.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The floor: the same exchange as the core's probe (banner, EHLO, MAIL, RCPT, QUIT) over a bare socket, with no
 * library, transcript or classification. The core's latency minus this is what the core itself costs; this minus
 * nothing is what the JVM's sockets and Postfix cost. Each step's time is kept to show where the time goes.
 */
record RawProbe(InetSocketAddress address, String mailFrom, String recipient) {

    /** The steps of one exchange, in order; {@code nanos[i]} is how long step i took. */
    static final String[] STEPS = {"connect", "banner", "EHLO", "MAIL FROM", "RCPT TO", "QUIT"};

    /** One exchange; fills {@code nanos} step by step and returns the whole time. Fails on any reply but 2xx. */
    long probe(long[] nanos) throws IOException {
        long start = System.nanoTime();
        long mark = start;
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            socket.connect(address, 10_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            mark = step(nanos, 0, mark);
            expect2xx(in);
            mark = step(nanos, 1, mark);
            String[] commands = {"EHLO bench.example", "MAIL FROM:<" + mailFrom + ">", "RCPT TO:<" + recipient + ">", "QUIT"};
            for (int i = 0; i < commands.length; i++) {
                out.write((commands[i] + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                expect2xx(in);
                mark = step(nanos, i + 2, mark);
            }
        }
        return System.nanoTime() - start;
    }

    private static long step(long[] nanos, int index, long since) {
        long now = System.nanoTime();
        nanos[index] = now - since;
        return now;
    }

    /** Reads one reply, multi-line included ("250-..." lines up to the "250 ..." one). */
    private static void expect2xx(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed in the middle of a reply");
            }
            if (c != '\n') {
                line.append((char) c);
                continue;
            }
            if (line.length() < 4 || line.charAt(0) != '2') {
                throw new IOException("not a 2xx reply: " + line);
            }
            if (line.charAt(3) == ' ') {
                return;
            }
            line.setLength(0);
        }
    }
}
