package io.smtpcheck.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A scriptable SMTP listener on loopback, in the spirit of OkHttp's MockWebServer: it speaks plain, sane SMTP by
 * default, and any verb (or the banner) can be scripted with {@link Action}s to simulate a failing or hostile server.
 *
 * <pre>{@code
 * try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
 *         .on("RCPT", Action.reply("250 2.1.5 Ok"), Action.reply("452 4.5.3 Too many recipients"))
 *         .start()) {
 *     // connect to server.host():server.port()
 * }
 * }</pre>
 *
 * <p>Scripts: the n-th time a verb arrives <em>on a connection</em> it gets the n-th action of its script, and the
 * last action repeats. The banner script is indexed by connection instead (the n-th connection gets the n-th
 * banner). Verb {@code DATA} scripts the reply <em>after</em> the message body; pseudo-verb {@value #DATA_START}
 * scripts the reply to the DATA command itself (default 354). The body is read only if that reply is a 3xx.
 * A scripted {@code STARTTLS} whose last reply is 220 still upgrades the connection when TLS is configured;
 * a scripted {@code AUTH} replaces the SASL exchange. After {@code QUIT} the connection always closes.
 *
 * <p>The server is lenient about command order (RCPT without MAIL is fine) because it exists to exercise clients.
 * Threads are daemons named {@code smtp-testkit-*}; at most {@value #MAX_CONNECTIONS} connections run at once
 * (more get {@code 421} and are closed), fewer with {@link Builder#connectionLimit(int)}; client lines are capped at
 * {@value #MAX_LINE} bytes.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    /** Pseudo-verb scripting the reply to the DATA command (default {@code 354}); {@code DATA} scripts the end. */
    public static final String DATA_START = "DATA-START";
    /** Longest line accepted from a client, in bytes; a longer one gets {@code 500 5.5.2} and the connection ends. */
    public static final int MAX_LINE = 64 * 1024;
    /** Connections handled at once. */
    public static final int MAX_CONNECTIONS = 64;

    final String hostname;
    final TlsIdentity tls;
    final boolean implicitTls;
    final String authUser;
    final String authPassword;
    final Duration idleTimeout;
    private final int connectionLimit;
    private final List<Action> banners;
    private final Map<String, List<Action>> scripts;
    private final Consumer<String> transcript;

    private final ServerSocket serverSocket;
    private final ThreadPoolExecutor pool;
    private final Thread acceptThread;
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private final List<SmtpConnection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger connectionCount = new AtomicInteger();
    /** Sessions counted against the limit: from accept until QUIT arrives or the connection ends. Guarded by this. */
    private int openSessions;
    private int peakSessions;
    private int refused;
    private volatile boolean closed;

    private ScriptedSmtpServer(Builder b) throws IOException {
        this.hostname = b.hostname;
        this.tls = b.tls;
        this.implicitTls = b.implicitTls;
        this.authUser = b.authUser;
        this.authPassword = b.authPassword;
        this.idleTimeout = b.idleTimeout;
        this.connectionLimit = b.connectionLimit;
        this.banners = List.copyOf(b.banners);
        this.scripts = Map.copyOf(b.scripts);
        this.transcript = b.transcript;
        this.serverSocket = new ServerSocket();
        try {
            serverSocket.setReuseAddress(true);
            serverSocket.bind(new InetSocketAddress(b.bindAddress, b.port), 50);
        } catch (IOException e) {
            closeQuietly(serverSocket);
            throw e;
        }
        AtomicInteger threadNumber = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 10, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "smtp-testkit-" + port() + "-conn-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptThread = new Thread(this::acceptLoop, "smtp-testkit-" + port() + "-accept");
        acceptThread.setDaemon(true);
        acceptThread.start();
    }

    /** A builder with the defaults: hostname {@code localhost}, 127.0.0.1, ephemeral port, no TLS, no AUTH. */
    public static Builder builder() {
        return new Builder();
    }

    /** The address to connect to, e.g. {@code "127.0.0.1"} or {@code "::1"}. */
    public String host() {
        return Loopback.host(serverSocket.getInetAddress());
    }

    /** The listening port. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Every line every client sent, in arrival order, CRLF stripped: commands, DATA lines and SASL responses. */
    public List<String> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** A snapshot of every connection so far, in accept order. */
    public List<RecordedSession> sessions() {
        return connections.stream().map(SmtpConnection::snapshot).collect(Collectors.toUnmodifiableList());
    }

    /** Connections accepted so far. */
    public int connectionCount() {
        return connectionCount.get();
    }

    /** The most sessions that were open at once, counted as {@link Builder#connectionLimit(int)} counts them. */
    public synchronized int peakSessions() {
        return peakSessions;
    }

    /** Connections refused with {@code 421} because the limit of sessions at once was reached. */
    public synchronized int refusedCount() {
        return refused;
    }

    /**
     * Waits until at least {@code n} connections have ended, so their records are complete.
     *
     * @return the sessions at that moment
     * @throws IllegalStateException if fewer than {@code n} ended within the timeout
     */
    public List<RecordedSession> awaitSessions(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (finishedCount() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("only " + finishedCount() + " of " + n
                            + " sessions ended within " + timeout);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while awaiting sessions", e);
                }
            }
        }
        return sessions();
    }

    /** Stops accepting, closes every client connection and waits (up to about a second) for handlers to end. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(serverSocket);
        openSockets.forEach(ScriptedSmtpServer::closeQuietly);
        pool.shutdownNow();
        try {
            acceptThread.join(500);
            pool.awaitTermination(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ScriptedSmtpServer[" + host() + ":" + port() + "]";
    }

    boolean isClosed() {
        return closed;
    }

    /** The banner action for the given 1-based connection number. */
    Action banner(int connection) {
        if (banners.isEmpty()) {
            return Action.reply("220 " + hostname + " ESMTP smtp-testkit");
        }
        return banners.get(Math.min(connection, banners.size()) - 1);
    }

    /** The scripted action for the {@code occurrence}-th (1-based) use of a verb, or null to use the default. */
    Action script(String verb, int occurrence) {
        List<Action> script = scripts.get(verb);
        return script == null ? null : script.get(Math.min(occurrence, script.size()) - 1);
    }

    void record(String line) {
        received.add(line);
    }

    void log(String event) {
        if (transcript != null) {
            transcript.accept(event);
        }
    }

    void track(Socket socket) {
        openSockets.add(socket);
        if (closed) { // close() may have run between accept and here
            closeQuietly(socket);
        }
    }

    /** A session stops counting against the limit; called once per admitted connection. */
    synchronized void release() {
        openSessions--;
    }

    /** Whether a new session fits under the limit; if so it counts from now. */
    private synchronized boolean admit() {
        if (openSessions >= connectionLimit) {
            refused++;
            return false;
        }
        peakSessions = Math.max(peakSessions, ++openSessions);
        return true;
    }

    void ended(Socket socket) {
        openSockets.remove(socket);
        synchronized (this) {
            notifyAll();
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing is best effort; the peer may be gone already
        }
    }

    private long finishedCount() {
        return connections.stream().filter(SmtpConnection::isFinished).count();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    log("accept failed: " + e.getMessage());
                    pause();
                }
                continue;
            }
            int number = connectionCount.incrementAndGet();
            SmtpConnection connection = new SmtpConnection(this, socket, number);
            connections.add(connection);
            if (!admit()) {
                refuse(socket);
                connection.markFinished();
                ended(socket);
                continue;
            }
            try {
                pool.execute(connection);
            } catch (RejectedExecutionException e) {
                release();
                synchronized (this) {
                    refused++;
                }
                refuse(socket);
                connection.markFinished();
                ended(socket);
            }
        }
    }

    private void refuse(Socket socket) {
        try (socket; OutputStream out = socket.getOutputStream()) {
            out.write("421 4.7.0 Too many connections\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the client is gone already
        }
    }

    /** Keeps a persistently failing accept (e.g. out of file descriptors) from spinning. */
    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Configures and starts a {@link ScriptedSmtpServer}. Not thread-safe; one builder, one server. */
    public static final class Builder {
        private String hostname = "localhost";
        private final List<Action> banners = new ArrayList<>();
        private final Map<String, List<Action>> scripts = new HashMap<>();
        private TlsIdentity tls;
        private boolean implicitTls;
        private String authUser;
        private String authPassword;
        private InetAddress bindAddress = Loopback.defaultAddress();
        private int port;
        private Duration idleTimeout = Duration.ofMinutes(5);
        private int connectionLimit = MAX_CONNECTIONS;
        private Consumer<String> transcript;

        private Builder() {
        }

        /** The name used in default replies (banner, EHLO, HELO). */
        public Builder hostname(String hostname) {
            this.hostname = Objects.requireNonNull(hostname, "hostname");
            return this;
        }

        /** What happens on connect; with several actions, the n-th connection gets the n-th, the last repeats. */
        public Builder banner(Action... perConnection) {
            banners.clear();
            banners.addAll(List.of(perConnection));
            return this;
        }

        /**
         * Scripts a verb (case-insensitive, e.g. {@code "RCPT"}, or {@link #DATA_START}): the n-th occurrence on a
         * connection gets the n-th action, the last one repeats.
         */
        public Builder on(String verb, Action... actions) {
            Objects.requireNonNull(verb, "verb");
            if (verb.isBlank() || verb.contains(" ")) {
                throw new IllegalArgumentException("a verb is one word, got '" + verb + "'");
            }
            if (actions.length == 0) {
                throw new IllegalArgumentException("script for " + verb + " needs at least one action");
            }
            scripts.put(verb.toUpperCase(Locale.ROOT), List.of(actions));
            return this;
        }

        /** Enables STARTTLS with this identity: the default EHLO advertises it and the verb upgrades. */
        public Builder starttls(TlsIdentity identity) {
            this.tls = Objects.requireNonNull(identity, "identity");
            this.implicitTls = false;
            return this;
        }

        /** TLS from the first byte (SMTPS, as on port 465) with this identity; STARTTLS is then not offered. */
        public Builder implicitTls(TlsIdentity identity) {
            this.tls = Objects.requireNonNull(identity, "identity");
            this.implicitTls = true;
            return this;
        }

        /** Enables AUTH (PLAIN, LOGIN, CRAM-MD5, XOAUTH2 with the password as bearer token) for one account. */
        public Builder auth(String user, String password) {
            this.authUser = Objects.requireNonNull(user, "user");
            this.authPassword = Objects.requireNonNull(password, "password");
            return this;
        }

        /** A loopback address to listen on (127.0.0.1 by default, or ::1). */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Loopback.require(address);
            return this;
        }

        /** The port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** How long a connection may stay quiet before the server says 421 and closes; default 5 minutes. */
        public Builder idleTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("idle timeout out of range: " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * At most {@code sessions} at once, like a listener's limit per client ({@code 421 #4.4.5 Too many
         * connections from your host}): one more is answered {@code 421 4.7.0 Too many connections} and closed. A
         * session counts from its accept until its QUIT arrives, or until it ends without one; the default is
         * {@value #MAX_CONNECTIONS}.
         */
        public Builder connectionLimit(int sessions) {
            if (sessions < 1 || sessions > MAX_CONNECTIONS) {
                throw new IllegalArgumentException("connection limit must be 1 to " + MAX_CONNECTIONS + ", was " + sessions);
            }
            this.connectionLimit = sessions;
            return this;
        }

        /**
         * Receives a live transcript ({@code "#1 C: EHLO x"}, {@code "#1 S: 250 ok"}, connection events), e.g. for
         * the CLI. Called from connection threads; must be thread-safe and quick.
         */
        public Builder transcript(Consumer<String> listener) {
            this.transcript = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Binds and starts accepting.
         *
         * @throws UncheckedIOException if the port cannot be bound
         */
        public ScriptedSmtpServer start() {
            try {
                return new ScriptedSmtpServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + Loopback.host(bindAddress) + ":" + port, e);
            }
        }
    }
}
