package io.smtpcheck.session;

import io.smtpcheck.classify.NetworkKind;
import io.smtpcheck.classify.Outcome;
import io.smtpcheck.report.JsonReport;
import io.smtpcheck.report.TextReport;
import io.smtpcheck.request.AuthMechanism;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Credentials;
import io.smtpcheck.request.Limits;
import io.smtpcheck.request.Stage;
import io.smtpcheck.request.Target;
import io.smtpcheck.run.CheckRunner;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.testkit.TlsIdentity;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;
import io.smtpcheck.tls.TlsTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Servers that misbehave on purpose. Every check must end in a classified outcome within its deadline, never an
 * exception, a hang or a stack trace in the report.
 */
class SmtpSessionHostileTest {

    /** 2 s connect, 1 s silence, 3 s in all, 4096-character lines, 200 lines a reply, 64 KiB a session. */
    private static final Limits SHORT = new Limits(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(3), 4096, 200, 64 * 1024);
    private static final Duration SLACK = Duration.ofMillis(1500);

    @RegisterExtension
    final StartedServers servers = new StartedServers();

    private static CheckRequest.Builder to(ScriptedSmtpServer server, Limits limits) {
        return Fixtures.against(server).recipient("user@other.com").tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).limits(limits);
    }

    /** Runs the check, asserts it ended within deadline + slack and that every report renders it. */
    private static CheckResult check(CheckRequest request) {
        long t0 = System.nanoTime();
        CheckResult r = SmtpSession.check(request);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).as("check took %s", took).isLessThan(request.limits().deadline().plus(SLACK));
        assertClassified(r);
        return r;
    }

    private static void assertClassified(CheckResult r) {
        assertThat(r.outcome()).isNotNull();
        assertThat(r.outcome().stage()).isNotNull();
        assertThat(r.outcome().diagnosis()).isNotNull();
        assertThat(r.outcome().diagnosis().summary()).isNotBlank();
        String report = TextReport.render(r, true) + JsonReport.render(List.of(r));
        assertThat(report).doesNotContain("\tat ", "Exception:");
    }

    @Test
    void aCramMd5ChallengeThatIsNotBase64IsAMalformedReplyAtAuth() {
        // Commons Net decodes the challenge with Base64.getDecoder() and lets its IllegalArgumentException out.
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder()
                .on("EHLO", Action.reply("250-mx.example.test", "250 AUTH CRAM-MD5"))
                .on("AUTH", Action.reply("334 not*base64!")));

        CheckResult r = check(to(server, SHORT).allowPlaintextAuth(true)
                .credentials(new Credentials("alice", "Tr0ub4dor&3-xyzzy", AuthMechanism.CRAM_MD5)).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.ProtocolViolation.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.AUTH);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("protocol.malformed");
        assertThat(r.outcome().diagnosis().explanation()).endsWith("CRAM-MD5 challenge is not base64: 334 not*base64!");
    }

    @Test
    void aSilentServerIsAReplyTimeoutAtTheBanner() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().banner(Action.silence()));

        CheckResult r = check(to(server, SHORT).build());

        assertThat(r.outcome()).isInstanceOfSatisfying(Outcome.NetworkFailure.class,
                n -> assertThat(n.networkKind()).isEqualTo(NetworkKind.TIMEOUT));
        assertThat(r.outcome().stage()).isEqualTo(Stage.BANNER);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("network.reply-timeout");
        assertThat(r.outcome().diagnosis().summary()).isEqualTo("No reply to 220 banner within 1 s.");
    }

    @Test
    void aServerSilentAfterEhloTimesOutAtEhlo() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().on("EHLO", Action.silence()));

        CheckResult r = check(to(server, SHORT).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.NetworkFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.EHLO);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("network.reply-timeout");
    }

    @Test
    void aDrippingServerHitsTheDeadline() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().banner(Action.drip(Duration.ofSeconds(2), "220 a very slow banner")));
        Limits limits = SHORT.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4));

        CheckResult r = check(to(server, limits).build());

        assertThat(r.outcome()).isInstanceOfSatisfying(Outcome.NetworkFailure.class,
                n -> assertThat(n.networkKind()).isEqualTo(NetworkKind.TIMEOUT));
        assertThat(r.outcome().stage()).isEqualTo(Stage.BANNER);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("network.deadline");
        assertThat(r.elapsedMillis()).isGreaterThanOrEqualTo(3900);
    }

    @Test
    void aPortCheckDoesNotWaitForTheBannerOfASilentServer() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().banner(Action.silence()));
        Limits patient = new Limits(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(60), 4096, 200, 64 * 1024);

        long t0 = System.nanoTime();
        CheckResult r = check(to(server, patient).stopAfter(Stage.CONNECT).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.Passed.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.CONNECT);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("far below the 30 s reply timeout").isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void theLinesOfAnUnfinishedReplyAreShown() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder()
                .on("EHLO", Action.reply("250-my_esa.local", "250-PIPELINING"), Action.silence()));

        CheckResult r = check(to(server, SHORT).build());

        assertThat(r.outcome()).isInstanceOfSatisfying(Outcome.NetworkFailure.class,
                n -> assertThat(n.networkKind()).isEqualTo(NetworkKind.TIMEOUT));
        assertThat(r.outcome().stage()).isEqualTo(Stage.EHLO);
        assertThat(r.transcript().render()).contains("<- 250-my_esa.local", "<- 250-PIPELINING", "** the reply above was not finished");
    }

    @Test
    void anEndlessLineHitsTheLineLengthLimitBeforeItIsBuffered() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().banner(Action.endlessLine()));

        CheckResult r = check(to(server, SHORT).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.ProtocolViolation.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.BANNER);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("protocol.line-too-long");
        assertThat(r.outcome().diagnosis().summary()).contains("4096");
    }

    @Test
    void manyShortRepliesHitTheSessionByteLimit() {
        // Each reply is legal and within the line and reply bounds; together they are more than a session may read.
        String line = "250-" + "x".repeat(4000);
        String[] ehlo = new String[20];
        java.util.Arrays.fill(ehlo, line);
        ehlo[ehlo.length - 1] = "250 " + "x".repeat(4000);
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().on("EHLO", Action.reply(ehlo)));

        CheckResult r = check(to(server, SHORT).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.ProtocolViolation.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.EHLO);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("protocol.too-much-data");
        assertThat(r.outcome().diagnosis().summary()).contains("65536");
    }

    @Test
    void anEndlessMultilineReplyHitsTheLinesPerReplyLimit() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().on("EHLO", Action.endlessMultiline()));

        CheckResult r = check(to(server, SHORT).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.ProtocolViolation.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.EHLO);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("protocol.too-many-lines");
    }

    @Test
    void binaryGarbageIsClassified() {
        for (int i = 0; i < 10; i++) {
            ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().banner(Action.garbage(1024)));

            CheckResult r = check(to(server, SHORT).build());

            assertThat(r.outcome()).isInstanceOfAny(Outcome.ProtocolViolation.class, Outcome.NetworkFailure.class);
            assertThat(r.outcome().stage()).isEqualTo(Stage.BANNER);
        }
    }

    @Test
    void anHttpServerIsRecognised() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().banner(Action.http()));

        CheckResult r = check(to(server, SHORT).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.ProtocolViolation.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.BANNER);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("protocol.http");
    }

    @Test
    void aConnectionClosedWithoutBannerIsClosedAtTheBanner() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().banner(Action.close()));

        CheckResult r = check(to(server, SHORT).build());

        assertThat(r.outcome()).isInstanceOfSatisfying(Outcome.NetworkFailure.class,
                n -> assertThat(n.networkKind()).isEqualTo(NetworkKind.CLOSED));
        assertThat(r.outcome().stage()).isEqualTo(Stage.BANNER);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("network.closed");
        assertThat(r.address()).as("TCP was connected").isEqualTo("127.0.0.1");
    }

    @Test
    void controlCharactersStayInTheReplyAndAreShownEscaped() {
        String controls = "550 5.7.1 \u001b[31mred\u001b[0m bell\u0007 nul\u0000 tab\tend \u009b31m csi \u202e bidi";
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().on("RCPT", Action.reply(controls), Action.reply("250 2.1.5 Ok")));

        CheckResult r = check(Fixtures.against(server).tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).limits(SHORT)
                .recipients(List.of("alice@example.test", "bob@example.test")).build());

        assertThat(r.recipients()).extracting(rcpt -> rcpt.reply().lines()).containsExactly(List.of(controls), List.of("250 2.1.5 Ok"));
        assertThat(r.transcript().renderPlain())
                .contains("<- 550 5.7.1 \\x1b[31mred\\x1b[0m bell\\x07 nul\\x00 tab\\tend \\x9b31m csi \\u202e bidi");
    }

    @Test
    void aBareLineFeedEndsTheLineAndATextAfterItIsNoPartOfTheReply() {
        // Before the strict reader, Commons Net kept "second half" inside the reply line; it is what came after the reply.
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().on("RCPT", Action.reply("550 5.7.1 first half\nsecond half")));

        CheckResult r = check(to(server, SHORT).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.ProtocolViolation.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.RCPT);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("protocol.unsolicited");
        assertThat(((Outcome.ProtocolViolation) r.outcome()).detail()).contains("'second half'", "after the reply to RCPT");
        assertThat(r.transcript().render()).contains("<- 550 5.7.1 first half", "** " + TranscriptNotes.LF_ONLY);
    }

    @Test
    void aConnectionClosedAfterEhloIsClosedAtMail() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().on("MAIL", Action.close()));

        CheckResult r = check(to(server, SHORT).build());

        assertThat(r.outcome()).isInstanceOfSatisfying(Outcome.NetworkFailure.class,
                n -> assertThat(n.networkKind()).isEqualTo(NetworkKind.CLOSED));
        assertThat(r.outcome().stage()).isEqualTo(Stage.MAIL);
        assertThat(r.outcome().diagnosis().summary()).contains("MAIL FROM");
        assertThat(r.transcript().renderPlain()).doesNotContain("-> QUIT");
    }

    @Test
    void aConnectionClosedInTheMiddleOfAMultilineReplyIsClosedAtEhlo() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().on("EHLO", Action.replyThenClose("250-my_esa.local", "250-PIPELINING")));

        CheckResult r = check(to(server, SHORT).build());

        assertThat(r.outcome()).isInstanceOfSatisfying(Outcome.NetworkFailure.class,
                n -> assertThat(n.networkKind()).isEqualTo(NetworkKind.CLOSED));
        assertThat(r.outcome().stage()).isEqualTo(Stage.EHLO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc hello", "2", "999 x", "099 x", "22", "-220 x"})
    void malformedBannersAreProtocolViolations(String banner) {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().banner(Action.reply(banner)));

        CheckResult r = check(to(server, SHORT).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.ProtocolViolation.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.BANNER);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("protocol.malformed");
        assertThat(r.transcript().renderPlain()).doesNotContain("-> QUIT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc hello", "2", "999 x"})
    void malformedRepliesToMailAreProtocolViolationsAtMail(String reply) {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().on("MAIL", Action.reply(reply)));

        CheckResult r = check(to(server, SHORT).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.ProtocolViolation.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.MAIL);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("protocol.malformed");
    }

    @Test
    void startTlsRefusedIsTransientAtTls() {
        TlsIdentity identity = TlsIdentity.selfSigned("localhost", Duration.ofDays(30));
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().starttls(identity)
                .on("STARTTLS", Action.reply("454 4.7.0 TLS not available due to local problem")));

        CheckResult r = check(to(server, SHORT).tlsPolicy(TlsPolicy.at(TlsLevel.ENCRYPT)).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.TransientFailure.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.TLS);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("postfix.tls-local-problem");
    }

    @Test
    void startTlsThenGarbageIsAFailureAtTls() {
        TlsIdentity identity = TlsIdentity.selfSigned("localhost", Duration.ofDays(30));
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().starttls(identity).on("STARTTLS", Action.startTlsThenGarbage()));

        CheckResult r = check(to(server, SHORT).tlsPolicy(TlsPolicy.at(TlsLevel.ENCRYPT)).build());

        assertThat(r.outcome().stage()).isEqualTo(Stage.TLS);
        assertThat(r.outcome().diagnosis().id())
                .as("plain text after STARTTLS 220 is a broken handshake, not implicit TLS on a plain port")
                .isEqualTo("tls.handshake");
    }

    @Test
    void aServerThatSays220ToStartTlsButCannotShakeHandsIsClassifiedAtTls() {
        // No TLS identity: the server says 220 to STARTTLS but never shakes hands. It stays silent, or answers
        // "500" in plain text when the random ClientHello happens to contain a line feed.
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder()
                .on("EHLO", Action.reply("250-my_esa.local", "250 STARTTLS")).on("STARTTLS", Action.reply("220 2.0.0 Ready to start TLS")));

        CheckResult r = check(to(server, SHORT).tlsPolicy(TlsPolicy.at(TlsLevel.ENCRYPT)).build());

        assertThat(r.outcome().stage()).isEqualTo(Stage.TLS);
        assertThat(r.outcome()).as(TextReport.render(r, true)).isInstanceOfAny(Outcome.TlsFailure.class, Outcome.NetworkFailure.class);
        assertThat(r.outcome().diagnosis().id()).isIn("tls.handshake", "network.reply-timeout");
    }

    @Test
    void aServerClosingAfterStartTls220IsClassifiedAtTls() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder()
                .on("EHLO", Action.reply("250-my_esa.local", "250 STARTTLS")).on("STARTTLS", Action.replyThenClose("220 2.0.0 Ready to start TLS")));

        CheckResult r = check(to(server, SHORT).tlsPolicy(TlsPolicy.at(TlsLevel.ENCRYPT)).build());

        assertThat(r.outcome().stage()).isEqualTo(Stage.TLS);
        assertThat(r.outcome()).as(TextReport.render(r, true)).isInstanceOf(Outcome.TlsFailure.class);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("tls.handshake");
    }

    @Test
    void implicitTlsAgainstASilentServerTimesOutWithinTheDeadline() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().banner(Action.silence()));

        CheckResult r = check(to(server, SHORT).tlsPolicy(new TlsPolicy(TlsLevel.ENCRYPT, TlsTransport.IMPLICIT, List.of())).build());

        assertThat(r.outcome()).isInstanceOfSatisfying(Outcome.NetworkFailure.class,
                n -> assertThat(n.networkKind()).isEqualTo(NetworkKind.TIMEOUT));
        assertThat(r.outcome().stage()).isEqualTo(Stage.TLS);
    }

    @Test
    void aReplyLineOverTheLimitIsAProtocolViolation() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().banner(Action.reply("220 " + "x".repeat(5000))));

        CheckResult r = check(to(server, SHORT).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.ProtocolViolation.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.BANNER);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("protocol.line-too-long");
        assertThat(r.outcome().diagnosis().summary()).contains("4096");
    }

    @Test
    void aReplyWithTooManyLinesIsAProtocolViolation() {
        String[] lines = IntStream.range(0, 300).mapToObj(i -> "250-EXTENSION" + i).toArray(String[]::new);
        String[] reply = java.util.Arrays.copyOf(lines, lines.length + 1);
        reply[lines.length] = "250 8BITMIME";
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().on("EHLO", Action.reply(reply)));

        CheckResult r = check(to(server, SHORT).build());

        assertThat(r.outcome()).isInstanceOf(Outcome.ProtocolViolation.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.EHLO);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("protocol.too-many-lines");
        assertThat(r.outcome().diagnosis().summary()).contains("200");
    }

    @Test
    void aReplyOutOfPlaceIsAProtocolViolation() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().on("RCPT", Action.reply("354 go ahead")));

        CheckResult r = check(to(server, SHORT).build());

        assertThat(r.outcome()).as(TextReport.render(r, true)).isInstanceOf(Outcome.ProtocolViolation.class);
        assertThat(r.outcome().stage()).isEqualTo(Stage.RCPT);
        assertThat(r.outcome().diagnosis().id()).isEqualTo("protocol.unexpected-reply");
    }

    @Test
    void aServerThatStopsReadingDuringDataHitsTheDeadline() throws Exception {
        // The testkit always reads what it is sent; this server answers 354 and then never reads the body.
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread serverThread = new Thread(() -> {
                try (java.net.Socket s = listener.accept()) {
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
                    var out = s.getOutputStream();
                    out.write("220 stalling ESMTP\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.flush();
                    for (String reply : List.of("250 stalling", "250 ok", "250 ok", "354 go ahead")) {
                        in.readLine();
                        out.write((reply + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    Thread.sleep(20_000);
                } catch (Exception e) {
                    // the test ends the connection
                }
            }, "stalling-server");
            serverThread.setDaemon(true);
            serverThread.start();
            String line = "x".repeat(900) + "\n";
            CheckRequest request = Fixtures.against(new Target("127.0.0.1", listener.getLocalPort(), false))
                    .recipient("user@other.com").tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).limits(SHORT)
                    .stopAfter(Stage.DATA).message(new io.smtpcheck.request.MessageSpec("big", line.repeat(24 * 1024 * 1024 / line.length())))
                    .build();

            CheckResult r = check(request);

            assertThat(r.outcome()).isInstanceOfSatisfying(Outcome.NetworkFailure.class,
                    n -> assertThat(n.networkKind()).isEqualTo(NetworkKind.TIMEOUT));
            assertThat(r.outcome().stage()).isEqualTo(Stage.DATA);
            assertThat(r.outcome().diagnosis().id()).isEqualTo("network.deadline");
            serverThread.interrupt();
        }
    }

    @Test
    void fiftyHostileChecksInParallelAreAllClassified() throws Exception {
        Map<String, Action> banners = Map.of(
                "silence", Action.silence(),
                "garbage", Action.garbage(512),
                "http", Action.http(),
                "endless-line", Action.endlessLine(),
                "malformed", Action.reply("abc hello"),
                "close", Action.close(),
                "421", Action.replyThenClose("421 my_esa.local Service not available, closing transmission channel"),
                "drip", Action.drip(Duration.ofMillis(50), "220 slow but fine"));
        Map<Integer, String> byPort = new java.util.HashMap<>();
        for (Map.Entry<String, Action> e : banners.entrySet()) {
            ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder().banner(e.getValue()).on("MAIL", Action.endlessMultiline()));
            byPort.put(server.port(), e.getKey());
        }
        List<Integer> ports = new ArrayList<>(byPort.keySet());
        List<Target> targets = IntStream.range(0, 50).mapToObj(i -> new Target("127.0.0.1", ports.get(i % ports.size()), false)).toList();
        Function<Target, CheckRequest> requestFor = t -> Fixtures.against(t).recipient("user@other.com").tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).limits(SHORT).build();
        System.gc();
        int threadsBefore = Thread.activeCount();

        long t0 = System.nanoTime();
        List<CheckResult> results = new CheckRunner(host -> List.of(host), 8).run(targets, requestFor);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(results).hasSize(50);
        results.forEach(SmtpSessionHostileTest::assertClassified);
        assertThat(results).allSatisfy(r -> assertThat(r.elapsedMillis()).isLessThan(SHORT.deadline().plus(SLACK).toMillis()));
        Map<String, List<String>> kinds = results.stream().collect(Collectors.groupingBy(
                r -> byPort.get(Integer.parseInt(r.target().substring(r.target().lastIndexOf(':') + 1))),
                Collectors.mapping(r -> r.outcome().kind() + "/" + r.outcome().diagnosis().id(), Collectors.toList())));
        assertThat(kinds.get("silence")).containsOnly("network/network.reply-timeout");
        assertThat(kinds.get("http")).containsOnly("protocol/protocol.http");
        assertThat(kinds.get("endless-line")).containsOnly("protocol/protocol.line-too-long");
        assertThat(kinds.get("malformed")).containsOnly("protocol/protocol.malformed");
        assertThat(kinds.get("close")).containsOnly("network/network.closed");
        assertThat(kinds.get("421")).containsOnly("transient/smtp.service-not-available");
        assertThat(kinds.get("drip")).containsOnly("protocol/protocol.too-many-lines");
        assertThat(took).as("50 checks, 8 at a time, each bounded by 3 s").isLessThan(Duration.ofSeconds(30));

        servers.closeAll();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (Thread.activeCount() > threadsBefore + 16 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        // The DNS helper pool may keep a few idle daemon threads; nothing grows with the number of checks.
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore + 16);
        System.gc();
        Runtime rt = Runtime.getRuntime();
        assertThat(rt.totalMemory() - rt.freeMemory()).isLessThan(256L * 1024 * 1024);
    }
}
