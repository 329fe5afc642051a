package io.smtpcheck.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ScriptedSmtpServerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void defaultSessionSpeaksPlainSmtp() throws IOException {
        List<String> transcript = new CopyOnWriteArrayList<>();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().transcript(transcript::add).start();
             SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            assertThat(server.host()).isEqualTo("127.0.0.1");
            assertThat(client.reply()).containsExactly("220 localhost ESMTP smtp-testkit");
            assertThat(client.command("EHLO client.test")).containsExactly(
                    "250-localhost", "250-PIPELINING", "250-SIZE 10240000", "250 8BITMIME");
            assertThat(client.command("MAIL FROM:<a@client.test>")).containsExactly("250 2.1.0 Ok");
            assertThat(client.command("RCPT TO:<b@server.test>")).containsExactly("250 2.1.5 Ok");
            assertThat(client.command("DATA")).containsExactly("354 End data with <CR><LF>.<CR><LF>");
            client.send("Subject: hi");
            client.send("");
            client.send("..leading dot");
            assertThat(client.command(".")).containsExactly("250 2.0.0 Ok: queued as TESTKIT");
            assertThat(client.command("NOOP")).containsExactly("250 2.0.0 Ok");
            assertThat(client.command("RSET")).containsExactly("250 2.0.0 Ok");
            assertThat(client.command("HELO client.test")).containsExactly("250 localhost");
            assertThat(client.command("VRFY bob")).containsExactly("500 5.5.1 Command not recognized");
            assertThat(client.command("QUIT")).containsExactly("221 2.0.0 Bye");
            assertThat(client.readLine()).as("server closes after QUIT").isNull();

            RecordedSession session = server.awaitSessions(1, WAIT).get(0);
            assertThat(server.received()).containsExactly("EHLO client.test", "MAIL FROM:<a@client.test>",
                    "RCPT TO:<b@server.test>", "DATA", "Subject: hi", "", "..leading dot", ".", "NOOP", "RSET",
                    "HELO client.test", "VRFY bob", "QUIT");
            assertThat(session.commands()).containsExactly("EHLO client.test", "MAIL FROM:<a@client.test>",
                    "RCPT TO:<b@server.test>", "DATA", "NOOP", "RSET", "HELO client.test", "VRFY bob", "QUIT");
            assertThat(session.messages()).containsExactly("Subject: hi\r\n\r\n.leading dot\r\n");
            assertThat(session.tls()).isFalse();
            assertThat(session.authenticatedUser()).isEmpty();
            assertThat(session.finished()).isTrue();
            assertThat(server.connectionCount()).isEqualTo(1);
            assertThat(transcript).contains("#1 C: EHLO client.test", "#1 S: 250 8BITMIME");
        }
    }

    @Test
    void hostnameAndBannerAreConfigurable() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().hostname("my_esa.local")
                .banner(Action.reply("220-my_esa.local first", "220 my_esa.local ESMTP")).start();
             SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            assertThat(client.reply()).containsExactly("220-my_esa.local first", "220 my_esa.local ESMTP");
            assertThat(client.command("ehlo x")).first().isEqualTo("250-my_esa.local");
            assertThat(client.command("HELO x")).containsExactly("250 my_esa.local");
        }
    }

    @Test
    void nthCommandGetsNthActionAndTheLastRepeatsPerConnection() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("rcpt", Action.reply("250 2.1.5 Ok"), Action.reply("452 #4.5.3 Too many recipients"))
                .start()) {
            for (int connection = 0; connection < 2; connection++) {
                try (SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
                    client.reply();
                    assertThat(client.command("RCPT TO:<1@x>")).containsExactly("250 2.1.5 Ok");
                    assertThat(client.command("RCPT TO:<2@x>")).containsExactly("452 #4.5.3 Too many recipients");
                    assertThat(client.command("RCPT TO:<3@x>")).containsExactly("452 #4.5.3 Too many recipients");
                }
            }
        }
    }

    @Test
    void nthConnectionGetsNthBanner() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .banner(Action.replyThenClose("421 4.3.2 Busy"), Action.reply("220 back")).start()) {
            try (SmtpTestClient first = new SmtpTestClient(server.host(), server.port())) {
                assertThat(first.reply()).containsExactly("421 4.3.2 Busy");
                assertThat(first.readLine()).isNull();
            }
            for (int i = 0; i < 2; i++) {
                try (SmtpTestClient next = new SmtpTestClient(server.host(), server.port())) {
                    assertThat(next.reply()).containsExactly("220 back");
                }
            }
            assertThat(server.connectionCount()).isEqualTo(3);
        }
    }

    @Test
    void dataScriptsAnswerTheCommandAndTheEndOfTheMessage() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on(ScriptedSmtpServer.DATA_START, Action.reply("554 5.5.1 No valid recipients"),
                        Action.reply("354 go ahead"))
                .on("DATA", Action.reply("552 5.3.4 Message too big"))
                .start();
             SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            client.reply();
            assertThat(client.command("DATA")).containsExactly("554 5.5.1 No valid recipients");
            assertThat(client.command("NOOP")).as("no body is read after a refused DATA")
                    .containsExactly("250 2.0.0 Ok");
            assertThat(client.command("DATA")).containsExactly("354 go ahead");
            client.send("body");
            assertThat(client.command(".")).containsExactly("552 5.3.4 Message too big");
        }
    }

    @Test
    void quitCanBeScriptedButStillCloses() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("QUIT", Action.reply("221 see you")).start();
             SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            client.reply();
            assertThat(client.command("QUIT")).containsExactly("221 see you");
            assertThat(client.readLine()).isNull();
        }
    }

    @Test
    void closeActionDropsTheConnectionWithoutReply() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("MAIL", Action.close()).start();
             SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            client.reply();
            client.send("MAIL FROM:<a@b>");
            assertThat(client.readLine()).isNull();
        }
    }

    @Test
    void dripSendsOneByteAtATime() throws IOException {
        Duration perByte = Duration.ofMillis(40);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .banner(Action.drip(perByte, "220 slow")).start()) {
            long start = System.nanoTime();
            try (SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
                assertThat(client.reply()).containsExactly("220 slow");
            }
            // 10 bytes with 9 pauses between them; only a lower bound, as a busy machine is only ever slower.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(perByte.multipliedBy(9));
        }
    }

    @Test
    void delayWaitsBeforeActing() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("EHLO", Action.delay(Duration.ofMillis(300), Action.reply("250 late"))).start();
             SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            client.reply();
            long start = System.nanoTime();
            assertThat(client.command("EHLO x")).containsExactly("250 late");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void endlessLineStopsWhenTheClientCloses() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().banner(Action.endlessLine()).start()) {
            try (SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
                byte[] start = client.readBytes(64 * 1024);
                assertThat(new String(start, 0, 8, java.nio.charset.StandardCharsets.US_ASCII))
                        .isEqualTo("220 aaaa");
                assertThat(start).doesNotContain((byte) '\n');
            }
            RecordedSession session = server.awaitSessions(1, WAIT).get(0);
            assertThat(session.bytesWritten()).isLessThan(Action.WRITE_CAP);
        }
    }

    @Test
    void endlessOutputIsCapped() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .banner(Action.endlessLine(), Action.endlessMultiline()).start()) {
            for (int i = 0; i < 2; i++) {
                try (SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
                    assertThat(client.drain()).isEqualTo(Action.WRITE_CAP);
                }
            }
        }
    }

    @Test
    void endlessMultilineNeverEndsTheReply() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("EHLO", Action.endlessMultiline()).start();
             SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            client.reply();
            client.send("EHLO x");
            for (int i = 0; i < 1000; i++) {
                assertThat(client.readLine()).startsWith("250-aaaa");
            }
        }
    }

    @Test
    void silenceHoldsTheConnectionUntilTheServerCloses() throws IOException {
        ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("EHLO", Action.silence()).start();
        try (SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            client.reply();
            client.send("EHLO x");
            client.socket().setSoTimeout(300);
            assertThatThrownBy(client::readLine).isInstanceOf(java.net.SocketTimeoutException.class);
            client.socket().setSoTimeout(5000);

            long start = System.nanoTime();
            server.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
            assertThat(client.readLine()).isNull();
            assertThat(server.sessions().get(0).commands()).containsExactly("EHLO x");
        }
    }

    @Test
    void closeReturnsPromptlyWhileAWriteIsBlocked() throws IOException {
        ScriptedSmtpServer server = ScriptedSmtpServer.builder().banner(Action.endlessLine()).start();
        try (SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            client.readBytes(4); // never read the rest: the server's write blocks once the socket buffers fill
            Thread.sleep(200);
            long start = System.nanoTime();
            server.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
            assertThat(server.sessions().get(0).finished()).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void servesOnIpv6Loopback() throws IOException {
        InetAddress ipv6 = InetAddress.getByName("::1");
        ScriptedSmtpServer server;
        try {
            server = ScriptedSmtpServer.builder().bindAddress(ipv6).start();
        } catch (java.io.UncheckedIOException e) {
            Assumptions.abort("no IPv6 loopback here: " + e.getCause());
            return;
        }
        try (server; SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            assertThat(server.host()).isEqualTo("::1");
            assertThat(client.reply()).containsExactly("220 localhost ESMTP smtp-testkit");
        }
    }

    @Test
    void servesConcurrentClientsAndRecordsEachSession() throws Exception {
        int clients = 20;
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start()) {
            ExecutorService executor = Executors.newFixedThreadPool(clients);
            try {
                List<Future<List<String>>> replies = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    String name = "client" + i;
                    replies.add(executor.submit(() -> {
                        try (SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
                            client.reply();
                            List<String> ehlo = client.command("EHLO " + name);
                            client.command("QUIT");
                            return ehlo;
                        }
                    }));
                }
                for (Future<List<String>> reply : replies) {
                    assertThat(reply.get(10, TimeUnit.SECONDS)).last().isEqualTo("250 8BITMIME");
                }
            } finally {
                executor.shutdownNow();
            }
            List<RecordedSession> sessions = server.awaitSessions(clients, WAIT);
            assertThat(server.connectionCount()).isEqualTo(clients);
            assertThat(sessions).hasSize(clients).allSatisfy(session -> {
                assertThat(session.finished()).isTrue();
                assertThat(session.commands()).hasSize(2).last().isEqualTo("QUIT");
            });
            assertThat(server.received()).hasSize(2 * clients);
        }
    }

    @Test
    void awaitSessionsGivesUpAfterTheTimeout() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
             SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            client.reply();
            assertThatThrownBy(() -> server.awaitSessions(1, Duration.ofMillis(100)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("0 of 1");
        }
    }

    @Test
    void idleTimeoutSays421() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().idleTimeout(Duration.ofMillis(200)).start();
             SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            client.reply();
            assertThat(client.reply()).containsExactly("421 4.4.2 Error: timeout exceeded");
            assertThat(client.readLine()).isNull();
        }
    }

    @Test
    void hostileBannersLookLikeWhatTheyImitate() throws IOException {
        byte[] raw = {'2', '2', '0', 0, '\r', '\n'};
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .banner(Action.http(), Action.garbage(100), Action.raw(raw), Action.rawThenClose(raw)).start()) {
            try (SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
                assertThat(client.readLine()).isEqualTo("HTTP/1.1 400 Bad Request");
                assertThat(client.drain()).isPositive();
            }
            try (SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
                byte[] garbage = client.readBytes(100);
                assertThat(garbage).hasSize(100).contains((byte) '\r', (byte) '\n', (byte) 0);
            }
            try (SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
                assertThat(client.readBytes(raw.length)).isEqualTo(raw);
            }
            try (SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
                assertThat(client.readBytes(raw.length)).isEqualTo(raw);
                assertThat(client.readLine()).as("closed after the bytes").isNull();
            }
        }
    }

    @Test
    void overlongLineIsRefusedAndEndsTheConnection() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
             SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            client.reply();
            client.send("NOOP " + "x".repeat(ScriptedSmtpServer.MAX_LINE));
            assertThat(client.reply()).containsExactly("500 5.5.2 Line too long");
            assertThat(server.awaitSessions(1, WAIT).get(0).commands()).isEmpty();
        }
    }

    @Test
    void refusesNonLoopbackAddresses() throws IOException {
        InetAddress documentation = InetAddress.getByName("192.0.2.1"); // a literal: no lookup
        InetAddress wildcard = InetAddress.getByName("0.0.0.0");
        assertThatThrownBy(() -> ScriptedSmtpServer.builder().bindAddress(documentation))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback only");
        assertThatThrownBy(() -> ScriptedSmtpServer.builder().bindAddress(wildcard))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScriptedDnsServer.builder().bindAddress(wildcard))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bindsToTheChosenLoopbackAddressAndPort() throws IOException {
        int port;
        try (ScriptedSmtpServer probe = ScriptedSmtpServer.builder().start()) {
            port = probe.port();
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .bindAddress(InetAddress.getByName("127.0.0.1")).port(port).start();
             Socket socket = new Socket(server.host(), port)) {
            assertThat(server.port()).isEqualTo(port);
            assertThat(socket.isConnected()).isTrue();
        }
    }
}
