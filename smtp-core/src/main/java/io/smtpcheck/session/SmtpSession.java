package io.smtpcheck.session;

import io.smtpcheck.classify.Classifier;
import io.smtpcheck.classify.DeadlineExceededException;
import io.smtpcheck.classify.LimitExceededException;
import io.smtpcheck.classify.Outcome;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.AuthMechanism;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Credentials;
import io.smtpcheck.request.SecurityMode;
import io.smtpcheck.request.Stage;
import io.smtpcheck.tls.PeerChainRecorder;
import io.smtpcheck.tls.TlsContexts;
import io.smtpcheck.tls.TlsFacts;
import org.apache.commons.net.MalformedServerReplyException;
import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.apache.commons.net.smtp.SMTPConnectionClosedException;
import org.apache.commons.net.smtp.SimpleSMTPHeader;

import javax.net.ssl.TrustManager;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The staged exchange, in the order an administrator types it into telnet: connect, 220 banner,
 * EHLO (HELO when EHLO is not understood), STARTTLS or implicit TLS, AUTH, MAIL FROM, RCPT TO, DATA,
 * QUIT. Each stage either lets the next one start or ends the check with an {@link Outcome}; nothing a
 * server does escapes as an exception. One instance runs one check.
 */
public final class SmtpSession {

    /** DNS look-ups cannot be interrupted; they run here so the deadline can abandon them. */
    private static final ExecutorService RESOLVER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "smtp-check-dns");
        t.setDaemon(true);
        return t;
    });

    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    private static final List<AuthMechanism> AUTO_MECHANISMS = List.of(AuthMechanism.PLAIN, AuthMechanism.LOGIN, AuthMechanism.CRAM_MD5);

    private final CheckRequest request;
    private final Deadline deadline;
    private final TranscriptRecorder transcript = new TranscriptRecorder();
    private final PeerChainRecorder peerChain = new PeerChainRecorder();
    private final GuardedSocketFactory sockets;
    private final Map<Stage, Long> timings = new EnumMap<>(Stage.class);
    private final List<RecipientResult> recipients = new ArrayList<>();
    private final Set<String> ehloKeywordsSeen = new LinkedHashSet<>();
    private String pendingRecipient;
    private ProbeClient client;
    private Stage stage = Stage.CONNECT;
    private long stageStart;
    private List<String> capabilities = List.of();
    private TlsFacts tls;
    private String connectedAddress;

    private SmtpSession(CheckRequest request) {
        this.request = request;
        this.deadline = new Deadline(request.limits().deadline());
        this.sockets = new GuardedSocketFactory(request.limits(), deadline);
    }

    /** Runs the check. Returns a classified result for anything the server or network does. */
    public static CheckResult check(CheckRequest request) {
        return new SmtpSession(request).run();
    }

    private CheckResult run() {
        Instant started = Instant.now();
        if (request.credentials() != null) {
            transcript.secret(request.credentials().username(), request.credentials().secret());
        }
        Outcome outcome;
        boolean conversational = true;
        try {
            outcome = exchange();
        } catch (Stop stop) {
            outcome = stop.outcome;
        } catch (IOException | RuntimeException e) {
            // Commons Net reports some malformed input as runtime exceptions; they are the server's fault too.
            outcome = failure(e);
            // After an I/O error the stream is in an unknown state: close without QUIT.
            conversational = false;
        }
        // The stage that ended the check gets its time too: how long a refused connect or a silent banner took.
        timings.putIfAbsent(outcome.stage(), (System.nanoTime() - stageStart) / 1_000_000L);
        finish(outcome, conversational);
        if (tls == null && peerChain.leaf() != null) {
            tls = TlsFacts.of(null, null, peerChain.leaf());
        }
        List<StageTiming> stageTimings = timings.entrySet().stream().map(e -> new StageTiming(e.getKey(), e.getValue())).toList();
        return new CheckResult(request.address(), connectedAddress, request.stopAfter(), request.plannedStages(), outcome, stageTimings, capabilities, tls,
                recipients, transcript.transcript(), started, transcript.elapsedMillis());
    }

    private Outcome exchange() throws IOException, Stop {
        if (request.stopAfter() == Stage.CONNECT) {
            // A port check, like "telnet host 25" closed at "Connected": no banner to wait for.
            connect(false);
            return Classifier.passed(Stage.CONNECT, null, request);
        }
        connect(true);
        Reply banner = lastReply();
        completed(Stage.BANNER);
        requirePositive(banner);
        if (request.expectations().bannerPattern() != null && !request.expectations().bannerPattern().matcher(banner.raw()).find()) {
            String pattern = request.expectations().bannerPattern().pattern();
            throw new Stop(Classifier.expectation(Stage.BANNER, "banner matches " + pattern, banner.raw(), banner, request,
                    "expect.banner", pattern, banner.raw()));
        }
        if (request.stopAfter() == Stage.BANNER) {
            return Classifier.passed(Stage.BANNER, banner, request);
        }

        Reply greeting = greet();
        Stage last = Stage.EHLO;
        // Stopping after EHLO means before STARTTLS (TLS is the next stage); whether it is offered is still checked.
        if (startTlsWanted(greeting) && request.stopAfter() != Stage.EHLO) {
            greeting = startTls(greeting);
            last = Stage.TLS;
        } else if (request.security() == SecurityMode.IMPLICIT_TLS) {
            last = Stage.TLS;
        }
        checkEhloAndCertificateExpectations(greeting);
        if (request.stopAfter() == Stage.EHLO) {
            return Classifier.passed(Stage.EHLO, greeting, request);
        }
        if (request.stopAfter() == Stage.TLS) {
            return Classifier.passed(last, greeting, request);
        }

        Reply reply = greeting;
        if (request.credentials() != null) {
            reply = authenticate(request.credentials());
            if (request.stopAfter() == Stage.AUTH) {
                return Classifier.passed(Stage.AUTH, reply, request);
            }
        }

        begin(Stage.MAIL);
        client.mail("<" + request.mailFrom() + ">");
        reply = lastReply();
        completed(Stage.MAIL);
        requirePositive(reply);
        if (request.stopAfter() == Stage.MAIL) {
            return Classifier.passed(Stage.MAIL, reply, request);
        }

        reply = recipients();
        if (request.stopAfter() == Stage.RCPT) {
            return Classifier.passed(Stage.RCPT, reply, request);
        }
        return Classifier.passed(Stage.DATA, data(), request);
    }

    /** Tries each address of the host in turn, as telnet does; with {@code smtp} Commons Net reads the banner too. */
    private void connect(boolean smtp) throws IOException {
        stageStart = System.nanoTime();
        InetAddress[] addresses = resolve();
        boolean implicit = request.security() == SecurityMode.IMPLICIT_TLS;
        IOException lastFailure = null;
        for (InetAddress address : addresses) {
            transcript.note("Trying " + address.getHostAddress() + "...");
            try {
                if (smtp) {
                    client = new ProbeClient(implicit, request.host());
                    client.setSocketFactory(sockets);
                    client.setCharset(StandardCharsets.UTF_8);
                    client.setEndpointCheckingEnabled(request.tls().verifyHostname() && !request.tls().trustAll());
                    client.addProtocolCommandListener(transcript);
                    client.connect(address, request.port());
                } else {
                    try (Socket socket = sockets.createSocket()) {
                        socket.connect(new InetSocketAddress(address, request.port()));
                        onTcpConnected(socket);
                    }
                    transcript.note("Connection closed.");
                }
                return;
            } catch (IOException e) {
                GuardedSocketFactory.GuardedSocket socket = sockets.lastSocket();
                if (socket != null && socket.tcpConnected()) {
                    throw e;
                }
                transcript.note("connect to " + address.getHostAddress() + " port " + request.port() + " failed: " + e.getMessage());
                lastFailure = e;
                if (e instanceof DeadlineExceededException) {
                    break;
                }
            }
        }
        throw lastFailure;
    }

    private InetAddress[] resolve() throws IOException {
        if (isIpLiteral(request.host())) {
            // Parsed, not looked up: nothing to abandon, so no hand-off to the resolver thread (tens of µs a probe).
            return InetAddress.getAllByName(request.host());
        }
        CompletableFuture<InetAddress[]> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getAllByName(request.host());
            } catch (UnknownHostException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, RESOLVER);
        try {
            InetAddress[] found = lookup.get(deadline.remainingMillisOrThrow(), TimeUnit.MILLISECONDS);
            if (found.length > 1) {
                transcript.note(request.host() + " has addresses " + Arrays.stream(found).map(InetAddress::getHostAddress).toList());
            }
            return found;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new DeadlineExceededException(request.limits().deadline());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadlineExceededException(request.limits().deadline());
        }
    }

    /**
     * True for the IP literals that {@link InetAddress#getAllByName} parses without asking DNS: IPv4 in plain dotted
     * decimal, and anything with a colon (the JDK parses that as IPv6 and refuses it when it is not). Other forms,
     * such as {@code 010.1.1.1} or {@code 1.2.3.999}, may reach DNS and so go through the resolver thread.
     */
    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 ? Character.digit(host.charAt(0), 16) != -1 || host.charAt(0) == ':' : IPV4.matcher(host).matches();
    }

    /** Called by the socket as soon as TCP is up, so the note precedes the banner in the transcript. */
    private void onTcpConnected(Socket socket) {
        connectedAddress = socket.getInetAddress().getHostAddress();
        String name = request.host().equals(connectedAddress) ? connectedAddress : request.host() + " (" + connectedAddress + ")";
        transcript.note("Connected to " + name + " port " + socket.getPort() + ".");
        completed(Stage.CONNECT);
        stage = request.security() == SecurityMode.IMPLICIT_TLS ? Stage.TLS : Stage.BANNER;
    }

    /** For implicit TLS: Commons Net shakes hands and reads the banner in one call; the note goes between. */
    private void beforeFirstReply() {
        if (request.security() == SecurityMode.IMPLICIT_TLS && tls == null && client.socket() instanceof SSLSocket ssl) {
            recordTls(ssl.getSession());
            completed(Stage.TLS);
            stage = Stage.BANNER;
        }
    }

    private Reply greet() throws IOException, Stop {
        begin(Stage.EHLO);
        Reply reply = ehloOrHelo();
        completed(Stage.EHLO);
        return reply;
    }

    private Reply ehloOrHelo() throws IOException, Stop {
        client.ehlo(request.heloName());
        Reply reply = lastReply();
        if (reply.code() == 500 || reply.code() == 502) {
            transcript.note("EHLO not understood; falling back to HELO");
            client.helo(request.heloName());
            reply = lastReply();
        }
        requirePositive(reply);
        capabilities = reply.textLines().subList(1, reply.lines().size());
        capabilities.forEach(c -> ehloKeywordsSeen.add(keyword(c)));
        return reply;
    }

    private boolean startTlsWanted(Reply greeting) throws Stop {
        SecurityMode mode = request.security();
        if (mode != SecurityMode.STARTTLS_IF_OFFERED && mode != SecurityMode.STARTTLS_REQUIRED) {
            return false;
        }
        if (offers("STARTTLS")) {
            return true;
        }
        boolean authNeedsTls = request.credentials() != null && !request.allowPlaintextAuth();
        if (mode == SecurityMode.STARTTLS_REQUIRED || authNeedsTls) {
            throw new Stop(Classifier.tlsNotOffered(greeting, request));
        }
        transcript.note("STARTTLS not offered; going on without TLS");
        return false;
    }

    private Reply startTls(Reply greeting) throws IOException, Stop {
        begin(Stage.TLS);
        if (!client.execTLS()) {
            Reply refused = lastReply();
            throw new Stop(Classifier.reply(Stage.TLS, refused, request));
        }
        recordTls(((SSLSocket) client.socket()).getSession());
        // RFC 3207: the client must forget what it learned before TLS and greet again.
        Reply again = ehloOrHelo();
        completed(Stage.TLS);
        return again;
    }

    private void recordTls(SSLSession session) {
        X509Certificate leaf = peerChain.leaf();
        if (leaf == null) {
            try {
                leaf = (X509Certificate) session.getPeerCertificates()[0];
            } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                transcript.note("TLS established: " + session.getProtocol() + ", " + session.getCipherSuite() + " (no certificate)");
                return;
            }
        }
        tls = TlsFacts.of(session.getProtocol(), session.getCipherSuite(), leaf);
        transcript.note("TLS established: " + tls.protocol() + ", " + tls.cipherSuite() + "; certificate " + tls.subject()
                + ", valid until " + tls.notAfter());
    }

    private void checkEhloAndCertificateExpectations(Reply greeting) throws Stop {
        for (String keyword : request.expectations().ehloKeywords()) {
            if (!ehloKeywordsSeen.contains(keyword)) {
                throw new Stop(Classifier.expectation(Stage.EHLO, "EHLO advertises " + keyword, String.join(", ", ehloKeywordsSeen),
                        greeting, request, "expect.ehlo-keyword", keyword));
            }
        }
        int minDays = request.expectations().minCertValidDays();
        if (minDays > 0) {
            if (tls == null) {
                throw new Stop(Classifier.expectation(Stage.TLS, "certificate valid " + minDays + " more days", "no TLS", null,
                        request, "expect.tls-absent"));
            }
            long left = tls.daysLeft(Instant.now());
            if (left < 0) {
                throw new Stop(Classifier.expectation(Stage.TLS, "certificate valid " + minDays + " more days", "expired " + tls.notAfter(),
                        null, request, "tls.expired", tls.notAfter().toString()));
            }
            if (left < minDays) {
                throw new Stop(Classifier.expectation(Stage.TLS, "certificate valid " + minDays + " more days", left + " days",
                        null, request, "expect.cert-days", Long.toString(left), Integer.toString(minDays)));
            }
        }
    }

    private Reply authenticate(Credentials credentials) throws IOException, Stop {
        begin(Stage.AUTH);
        Set<String> offered = offeredMechanisms();
        if (offered.isEmpty()) {
            throw new Stop(Classifier.expectation(Stage.AUTH, "AUTH advertised", "no AUTH in EHLO", null, request, "auth.not-offered"));
        }
        AuthMechanism mechanism = credentials.mechanism() != null
                ? (offered.contains(credentials.mechanism().saslName()) ? credentials.mechanism() : null)
                : AUTO_MECHANISMS.stream().filter(m -> offered.contains(m.saslName())).findFirst().orElse(null);
        if (mechanism == null) {
            throw new Stop(Classifier.expectation(Stage.AUTH, "a common AUTH mechanism", String.join(" ", offered), null, request,
                    "auth.no-common-mechanism", String.join(" ", offered)));
        }
        transcript.maskClientArguments(true);
        boolean accepted;
        try {
            accepted = mechanism == AuthMechanism.XOAUTH2
                    ? xoauth2(credentials)
                    : client.auth(AuthenticatingSMTPClient.AUTH_METHOD.valueOf(mechanism.name()), credentials.username(), credentials.secret());
        } catch (GeneralSecurityException e) {
            throw new IOException("the JVM cannot compute " + mechanism.saslName() + ": " + e.getMessage(), e);
        } finally {
            transcript.maskClientArguments(false);
        }
        Reply reply = lastReply();
        completed(Stage.AUTH);
        if (!accepted) {
            throw new Stop(Classifier.reply(Stage.AUTH, reply, request));
        }
        return reply;
    }

    /**
     * XOAUTH2 as Gmail and Outlook speak it: the whole {@code user=...^Aauth=Bearer ...^A^A} string as the initial
     * response. Commons Net would send only the user name and count the server's 334 error challenge as success.
     * A failed token gets a 334 error challenge first, which the client acknowledges with an empty line.
     */
    private boolean xoauth2(Credentials credentials) throws IOException {
        String response = Base64.getEncoder().encodeToString(("user=" + credentials.username() + "\u0001auth=Bearer "
                + credentials.secret() + "\u0001\u0001").getBytes(StandardCharsets.UTF_8));
        int code = client.sendCommand("AUTH", AuthMechanism.XOAUTH2.saslName() + " " + response);
        if (code == 334) {
            code = client.sendCommand("");
        }
        return code / 100 == 2;
    }

    private Set<String> offeredMechanisms() {
        Set<String> offered = new LinkedHashSet<>();
        for (String capability : capabilities) {
            String upper = capability.toUpperCase(Locale.ROOT);
            // "AUTH=PLAIN LOGIN" is the pre-RFC 4954 form some servers still send.
            if (upper.startsWith("AUTH ") || upper.startsWith("AUTH=")) {
                offered.addAll(Arrays.asList(upper.substring(5).strip().split("\\s+")));
            }
        }
        return offered;
    }

    /** Every recipient is tried, so one refusal is reported even when another address was accepted. */
    private Reply recipients() throws IOException, Stop {
        begin(Stage.RCPT);
        Reply worst = null;
        Reply last = null;
        for (String rcpt : request.recipients()) {
            pendingRecipient = rcpt;
            client.rcpt("<" + rcpt + ">");
            last = lastReply();
            recipients.add(new RecipientResult(rcpt, last));
            // Only 2xx accepts a recipient; a 3xx here is out of place and must not pass (RecipientResult agrees).
            if (last.codeClass() != 2 && (worst == null || last.codeClass() > worst.codeClass())) {
                worst = last;
            }
        }
        completed(Stage.RCPT);
        if (worst != null) {
            throw new Stop(Classifier.reply(Stage.RCPT, worst, request));
        }
        return last;
    }

    private Reply data() throws IOException, Stop {
        begin(Stage.DATA);
        Writer body = client.sendMessageData();
        if (body == null) {
            Reply refused = lastReply();
            throw new Stop(Classifier.reply(Stage.DATA, refused, request));
        }
        String message = message();
        // As it goes on the wire: Commons Net's writer doubles a leading dot (RFC 5321 section 4.5.2).
        message.lines().map(line -> line.startsWith(".") ? "." + line : line).forEach(transcript::client);
        transcript.client(".");
        body.write(message);
        body.close();
        client.completePendingCommand();
        Reply reply = lastReply();
        completed(Stage.DATA);
        requirePositive(reply);
        return reply;
    }

    private String message() {
        String runId = UUID.randomUUID().toString();
        String to = String.join(", ", request.recipients());
        String from = request.mailFrom().isEmpty() ? "smtp-check@" + request.heloName() : request.mailFrom();
        SimpleSMTPHeader header = new SimpleSMTPHeader(from, to, request.message().subject() + " [" + runId + "]");
        header.addHeaderField("Date", ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME));
        header.addHeaderField("Message-ID", "<" + runId + "@" + request.heloName() + ">");
        header.addHeaderField("X-Smtp-Check-Run", runId);
        return header + request.message().body();
    }

    /** Sends QUIT when the session is still in a state to take it, then closes. */
    private void finish(Outcome outcome, boolean conversational) {
        if (client == null || !client.isConnected()) {
            return;
        }
        boolean closedByServer = outcome.reply() != null && outcome.reply().code() == 421;
        try {
            if (conversational && !closedByServer) {
                begin(Stage.QUIT);
                client.quit();
                completed(Stage.QUIT);
            }
        } catch (IOException | RuntimeException e) {
            transcript.note("QUIT not answered: " + e.getMessage());
        } finally {
            try {
                client.disconnect();
            } catch (IOException e) {
                // Closing a socket the server already dropped: nothing to report.
            }
            transcript.note("Connection closed.");
        }
    }

    private Outcome failure(Exception e) {
        if (e instanceof MalformedServerReplyException && e.getMessage() != null && !transcript.scrub(e.getMessage()).equals(e.getMessage())) {
            // The message quotes the server's line, and with it any secret the server echoed.
            e = new MalformedServerReplyException(transcript.scrub(e.getMessage()));
        }
        GuardedSocketFactory.GuardedSocket socket = sockets.lastSocket();
        boolean tcpConnected = socket != null && socket.tcpConnected();
        recordUnfinishedReply();
        if (e instanceof SMTPConnectionClosedException && client != null && client.getReplyCode() == 421) {
            // Commons Net throws on 421 after reading it: the reply, not the closing, is the server's answer.
            Reply reply = toReply(client.getReplyCode(), client.getReplyStrings());
            if (reply != null) {
                if (stage == Stage.RCPT) {
                    recipients.add(new RecipientResult(pendingRecipient, reply));
                }
                return Classifier.reply(stage, reply, request);
            }
        }
        Stage at = stage;
        if (stage == Stage.CONNECT && tcpConnected) {
            at = Stage.BANNER;
        }
        if (at == Stage.BANNER && request.security() == SecurityMode.IMPLICIT_TLS && tls == null && causedBy(e, SSLException.class)) {
            at = Stage.TLS;
        }
        return Classifier.failure(at, e, request);
    }

    /**
     * Commons Net hands a reply to the transcript only once it is complete; when the server stops in the middle
     * of a multi-line reply, the lines it did send are what the user needs to see.
     */
    private void recordUnfinishedReply() {
        if (client == null) {
            return;
        }
        String[] lines = client.getReplyStrings();
        String text = client.getReplyString();
        if (lines.length > 0 && text != null && !text.equals(transcript.lastReply())) {
            for (String line : lines) {
                transcript.server(line);
            }
            transcript.note("the reply above was not finished");
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private Reply lastReply() throws IOException {
        String[] lines = client.getReplyStrings();
        Reply reply = toReply(client.getReplyCode(), lines);
        if (reply == null) {
            throw new MalformedServerReplyException("Server Reply: " + String.join(" ", lines));
        }
        if (lines.length > request.limits().maxReplyLines()) {
            throw new LimitExceededException(LimitExceededException.Limit.REPLY_LINES, request.limits().maxReplyLines());
        }
        for (String line : lines) {
            if (line.length() > request.limits().maxLineLength()) {
                throw new LimitExceededException(LimitExceededException.Limit.LINE_LENGTH, request.limits().maxLineLength());
            }
        }
        return reply;
    }

    /** The reply as the result keeps it: a server may echo a secret, which is masked as in the transcript. */
    private Reply toReply(int code, String[] lines) {
        return code < 100 || code > 599 || lines.length == 0 ? null
                : new Reply(code, Arrays.stream(lines).map(transcript::scrub).toList());
    }

    private void requirePositive(Reply reply) throws Stop {
        if (reply.codeClass() != 2) {
            throw new Stop(Classifier.reply(stage, reply, request));
        }
    }

    private boolean offers(String keyword) {
        return capabilities.stream().anyMatch(c -> keyword(c).equals(keyword));
    }

    /** The capability up to the first white space or '=' ("SIZE 10240000" and "AUTH=LOGIN" name SIZE and AUTH). */
    private static String keyword(String capability) {
        String line = capability.strip();
        int end = 0;
        while (end < line.length() && " \t\n\u000B\f\r=".indexOf(line.charAt(end)) < 0) {
            end++;
        }
        return line.substring(0, end).toUpperCase(Locale.ROOT);
    }

    private void begin(Stage next) {
        stage = next;
        stageStart = System.nanoTime();
    }

    private void completed(Stage done) {
        timings.put(done, (System.nanoTime() - stageStart) / 1_000_000L);
        stageStart = System.nanoTime();
    }

    /** Ends the exchange early with a decided outcome; not an error. */
    private static final class Stop extends Exception {
        private final transient Outcome outcome;

        Stop(Outcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    /** Commons Net's client with the hooks the session needs: lazy trust, TLS host name, transcript order. */
    private final class ProbeClient extends AuthenticatingSMTPClient {
        private final String tlsHost;
        private TrustManager trustManager;

        ProbeClient(boolean implicit, String tlsHost) {
            // UTF-8 rather than Commons Net's ISO-8859-1: SMTPUTF8 servers send UTF-8 text; bytes that are not UTF-8 become U+FFFD.
            super("TLS", implicit, "UTF-8");
            this.tlsHost = tlsHost;
        }

        /** Commons Net asks for trust only when it builds the TLS context, so a plain session never loads a trust store. */
        @Override
        public TrustManager getTrustManager() {
            if (trustManager == null) {
                trustManager = TlsContexts.trustManager(request.tls(), peerChain);
            }
            return trustManager;
        }

        @Override
        protected void _connectAction_() throws IOException {
            onTcpConnected(_socket_);
            // connect(InetAddress) forgets the name; SNI and host name verification need it.
            _hostname_ = tlsHost;
            super._connectAction_();
        }

        @Override
        protected void fireReplyReceived(int replyCode, String reply) {
            beforeFirstReply();
            super.fireReplyReceived(replyCode, reply);
        }

        Socket socket() {
            return _socket_;
        }
    }
}
