package io.smtpcheck.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSocket;

/** Handles one client connection of a {@link ScriptedSmtpServer}: the SMTP conversation and its record. */
final class SmtpConnection implements Runnable, Exchange {

    /** Largest message body kept; beyond it the body is drained and answered with 552. */
    static final int MAX_MESSAGE = 16 << 20;

    private final ScriptedSmtpServer server;
    private final Socket rawSocket;
    private final int number;
    private final Map<String, Integer> occurrences = new HashMap<>();
    private Socket socket;
    private LineReader in;
    private OutputStream out;

    // The record, read by other threads through snapshot().
    private final List<String> commands = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();
    private boolean tls;
    private String sniHostname;
    private String authenticatedUser;
    private long bytesWritten;
    private boolean finished;
    /** Whether this session still counts against the server's limit of sessions at once. */
    private final AtomicBoolean counted = new AtomicBoolean(true);

    SmtpConnection(ScriptedSmtpServer server, Socket socket, int number) {
        this.server = server;
        this.rawSocket = socket;
        this.socket = socket;
        this.number = number;
    }

    @Override
    public void run() {
        server.track(rawSocket);
        log("connected from " + rawSocket.getRemoteSocketAddress());
        try {
            rawSocket.setSoTimeout((int) server.idleTimeout.toMillis());
            rawSocket.setTcpNoDelay(true);
            useStreams(rawSocket);
            if (server.implicitTls) {
                upgradeToTls();
            }
            converse();
        } catch (SocketTimeoutException e) {
            timedOut();
        } catch (IOException e) {
            log("connection ended: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is closing
        } finally {
            // Close the plain socket, not the SSLSocket: it never blocks on a close_notify to a stalled client.
            ScriptedSmtpServer.closeQuietly(rawSocket);
            markFinished();
            uncount();
            server.ended(rawSocket);
            log("closed");
        }
    }

    synchronized RecordedSession snapshot() {
        return new RecordedSession(number, commands, lines, messages, tls, Optional.ofNullable(sniHostname),
                Optional.ofNullable(authenticatedUser), bytesWritten, finished);
    }

    synchronized boolean isFinished() {
        return finished;
    }

    /** Not under this connection's lock: the server's lock is taken inside, and the server takes ours under its own. */
    private void uncount() {
        if (counted.compareAndSet(true, false)) {
            server.release();
        }
    }

    synchronized void markFinished() {
        finished = true;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        synchronized (this) {
            bytesWritten += length;
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void log(String event) {
        server.log("#" + number + " " + event);
    }

    @Override
    public void awaitClientByte() throws IOException {
        in.read();
    }

    @Override
    public void awaitClientGone() throws IOException {
        String line;
        while ((line = readLine()) != null) {
            heard(line, true);
        }
    }

    private void converse() throws IOException, InterruptedException {
        if (!perform(server.banner(number))) {
            return;
        }
        String line;
        while ((line = readLine()) != null) {
            heard(line, true);
            if (!handle(line)) {
                return;
            }
        }
    }

    /** Answers one command; returns whether the conversation goes on. */
    private boolean handle(String line) throws IOException, InterruptedException {
        String verb = verbOf(line);
        if (verb.equals("DATA")) {
            return data();
        }
        Action scripted = script(verb);
        switch (verb) {
            case "QUIT":
                // Before the 221: a client that starts its next session on the 221 must find this one gone.
                uncount();
                perform(scripted != null ? scripted : Action.reply("221 2.0.0 Bye"));
                if (socket instanceof SSLSocket) {
                    // Say close_notify, as strict TLS clients report a bare TCP close as truncation. Only the
                    // output side: a full SSLSocket.close() would wait for the client's close_notify.
                    socket.shutdownOutput();
                }
                return false;
            case "STARTTLS":
                return startTls(scripted);
            case "AUTH":
                if (scripted != null) {
                    return perform(scripted);
                }
                return new SaslExchange(this, server.hostname, server.authUser, server.authPassword,
                        authenticatedUser() != null).run(line);
            default:
                return perform(scripted != null ? scripted : defaultReply(verb));
        }
    }

    private Action defaultReply(String verb) {
        switch (verb) {
            case "EHLO":
                return Action.reply(ehloLines());
            case "HELO":
                return Action.reply("250 " + server.hostname);
            case "MAIL":
                return Action.reply("250 2.1.0 Ok");
            case "RCPT":
                return Action.reply("250 2.1.5 Ok");
            case "RSET":
            case "NOOP":
                return Action.reply("250 2.0.0 Ok");
            default:
                return Action.reply("500 5.5.1 Command not recognized");
        }
    }

    private String[] ehloLines() {
        List<String> keywords = new ArrayList<>(List.of(server.hostname, "PIPELINING", "SIZE 10240000"));
        if (server.tls != null && !server.implicitTls && !isTls()) {
            keywords.add("STARTTLS");
        }
        if (server.authUser != null) {
            keywords.add("AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2");
        }
        keywords.add("8BITMIME");
        String[] reply = new String[keywords.size()];
        for (int i = 0; i < reply.length; i++) {
            reply[i] = "250" + (i == reply.length - 1 ? " " : "-") + keywords.get(i);
        }
        return reply;
    }

    private boolean data() throws IOException, InterruptedException {
        Action start = script(ScriptedSmtpServer.DATA_START);
        if (start == null) {
            start = Action.reply("354 End data with <CR><LF>.<CR><LF>");
        }
        if (!perform(start)) {
            return false;
        }
        if (start.finalCode() / 100 != 3) {
            return true; // DATA refused: no body follows
        }
        StringBuilder body = new StringBuilder();
        boolean tooBig = false;
        String line;
        while (!".".equals(line = readLine())) {
            if (line == null) {
                return false;
            }
            tooBig |= body.length() + line.length() + 2 > MAX_MESSAGE;
            if (!tooBig) { // past the cap, drain without keeping anything
                heard(line, false);
                body.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
            }
        }
        heard(line, false);
        if (!tooBig) {
            synchronized (this) {
                messages.add(body.toString());
            }
        }
        Action end = script("DATA");
        if (end == null) {
            end = tooBig ? Action.reply("552 5.3.4 Message size exceeds fixed limit")
                    : Action.reply("250 2.0.0 Ok: queued as TESTKIT");
        }
        return perform(end);
    }

    private boolean startTls(Action scripted) throws IOException, InterruptedException {
        Action action = scripted;
        if (action == null) {
            if (server.tls == null) {
                action = Action.reply("502 5.5.1 STARTTLS not available");
            } else if (isTls()) {
                action = Action.reply("554 5.5.1 Error: TLS already active");
            } else {
                action = Action.reply("220 2.0.0 Ready to start TLS");
            }
        }
        if (!perform(action)) {
            return false;
        }
        if (action.finalCode() == 220 && server.tls != null && !isTls()) {
            upgradeToTls();
        }
        return true;
    }

    private void upgradeToTls() throws IOException {
        SSLSocket ssl = (SSLSocket) server.tls.serverContext().getSocketFactory().createSocket(
                socket, rawSocket.getInetAddress().getHostAddress(), rawSocket.getPort(), true);
        ssl.setUseClientMode(false);
        try {
            ssl.startHandshake();
        } catch (SocketTimeoutException e) {
            // Not an idle SMTP session: a 421 in plain text would only garble the half-done handshake.
            throw new IOException("TLS handshake timed out", e);
        }
        String sni = null;
        if (ssl.getSession() instanceof ExtendedSSLSession) {
            for (SNIServerName name : ((ExtendedSSLSession) ssl.getSession()).getRequestedServerNames()) {
                if (name instanceof SNIHostName) {
                    sni = ((SNIHostName) name).getAsciiName();
                }
            }
        }
        // Fresh streams: plaintext pipelined after STARTTLS is discarded, as real servers must (RFC 3207 §6).
        useStreams(ssl);
        synchronized (this) {
            tls = true;
            sniHostname = sni;
        }
        log("TLS established: " + ssl.getSession().getProtocol() + " " + ssl.getSession().getCipherSuite()
                + (sni == null ? "" : ", SNI " + sni));
    }

    private void useStreams(Socket s) throws IOException {
        socket = s;
        in = new LineReader(new BufferedInputStream(s.getInputStream()), ScriptedSmtpServer.MAX_LINE);
        out = new BufferedOutputStream(s.getOutputStream());
    }

    /** Reads the next line; a line over the cap is answered with 500 and ends the conversation (null). */
    String readLine() throws IOException {
        try {
            return in.readLine();
        } catch (LineReader.LineTooLongException e) {
            log("line too long");
            write("500 5.5.2 Line too long\r\n".getBytes(StandardCharsets.US_ASCII));
            flush();
            return null;
        }
    }

    /** Records a line from the client. */
    void heard(String line, boolean command) {
        server.record(line);
        synchronized (this) {
            lines.add(line);
            if (command) {
                commands.add(line);
            }
        }
        log("C: " + line);
    }

    boolean perform(Action action) throws IOException, InterruptedException {
        return action.step().run(this);
    }

    synchronized void authenticated(String user) {
        authenticatedUser = user;
    }

    private synchronized String authenticatedUser() {
        return authenticatedUser;
    }

    private synchronized boolean isTls() {
        return tls;
    }

    private Action script(String verb) {
        int occurrence = occurrences.merge(verb, 1, Integer::sum);
        return server.script(verb, occurrence);
    }

    private void timedOut() {
        log("idle timeout");
        try {
            write("421 4.4.2 Error: timeout exceeded\r\n".getBytes(StandardCharsets.US_ASCII));
            flush();
        } catch (IOException e) {
            // the client is gone; nothing left to tell it
        }
    }

    private static String verbOf(String line) {
        int space = line.indexOf(' ');
        return (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
    }
}
