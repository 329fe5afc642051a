package io.smtpcheck.wire;

import io.smtpcheck.classify.LimitExceededException;
import io.smtpcheck.redact.SecretMask;
import io.smtpcheck.request.Limits;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.testkit.TlsIdentity;
import org.apache.commons.net.ProtocolCommandEvent;
import org.apache.commons.net.ProtocolCommandListener;
import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.apache.commons.net.smtp.SMTPConnectionClosedException;
import org.apache.commons.net.util.TrustManagerUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The strict reader under Commons Net, against the testkit's scripted server, before and after TLS. */
class StrictSmtpClientTest {

    private static TlsIdentity identity;

    @BeforeAll
    static void identity() {
        identity = TlsIdentity.selfSigned("localhost", Duration.ofDays(30));
    }

    private static StrictSmtpClient client(boolean implicit) {
        StrictSmtpClient client = new StrictSmtpClient(implicit, Limits.DEFAULT);
        client.setTrustManager(TrustManagerUtils.getAcceptAllTrustManager());
        client.setDefaultTimeout(5000);
        client.setConnectTimeout(5000);
        return client;
    }

    private static StrictSmtpClient connected(ScriptedSmtpServer server) throws IOException {
        StrictSmtpClient client = client(false);
        client.connect(server.host(), server.port());
        return client;
    }

    private static ReplySyntaxException.Rule ruleOf(Throwable e) {
        return ((ReplySyntaxException) e).rule();
    }

    @Test
    void aWholeLegalSessionPassesWithTheReaderAfterTlsToo() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().starttls(identity).start()) {
            StrictSmtpClient client = connected(server);
            List<String> heard = new ArrayList<>();
            client.addProtocolCommandListener(new ProtocolCommandListener() {
                @Override
                public void protocolCommandSent(ProtocolCommandEvent event) {
                }

                @Override
                public void protocolReplyReceived(ProtocolCommandEvent event) {
                    heard.add(event.getMessage());
                }
            });
            assertThat(client.ehlo("client.example")).isEqualTo(250);
            assertThat(client.execTLS()).isTrue();
            assertThat(client.ehlo("client.example")).isEqualTo(250);
            assertThat(client.getReplyStrings()).endsWith("250 8BITMIME");
            assertThat(client.mail("<a@example.org>")).isEqualTo(250);
            assertThat(client.rcpt("<b@example.org>")).isEqualTo(250);
            Writer body = client.sendMessageData();
            body.write("Subject: x\r\n\r\nhello\r\n");
            body.close();
            assertThat(client.completePendingCommand()).isTrue();
            assertThat(client.quit()).isEqualTo(221);
            client.disconnect();
            assertThat(heard).hasSize(8).last().isEqualTo("221 2.0.0 Bye\r\n");
            assertThat(server.sessions().get(0).messages()).hasSize(1);
        }
    }

    @Test
    void afterStarttlsMixedCodesAreStillRefused() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().starttls(identity)
                .on("EHLO", Action.reply("250-localhost", "250 STARTTLS"), Action.reply("250-localhost", "550 5.7.1 refused")).start()) {
            StrictSmtpClient client = connected(server);
            client.ehlo("client.example");
            assertThat(client.execTLS()).isTrue();
            assertThatThrownBy(() -> client.ehlo("client.example")).isInstanceOf(ReplySyntaxException.class)
                    .satisfies(e -> assertThat(ruleOf(e)).isEqualTo(ReplySyntaxException.Rule.CODE_CHANGED));
            assertThat(server.sessions().get(0).tls()).as("the refusal came over TLS").isTrue();
            client.disconnect();
        }
    }

    @Test
    void withImplicitTlsTheBannerIsReadStrictlyAndABareCodeEndsIt() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().implicitTls(identity)
                .banner(Action.reply("220-localhost ESMTP", "220")).on("EHLO", Action.reply("250-localhost", "2500 oops")).start()) {
            StrictSmtpClient client = client(true);
            client.connect(server.host(), server.port());
            assertThat(client.getReplyStrings()).containsExactly("220-localhost ESMTP", "220 ");
            assertThat(client.lastWireReply().lines()).containsExactly("220-localhost ESMTP", "220");
            assertThatThrownBy(() -> client.ehlo("client.example")).isInstanceOf(ReplySyntaxException.class)
                    .satisfies(e -> assertThat(ruleOf(e)).isEqualTo(ReplySyntaxException.Rule.BAD_SEPARATOR));
            client.disconnect();
        }
    }

    @Test
    void plaintextInjectedAfterTheStarttls220IsRefusedBeforeTheHandshake() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().starttls(identity)
                .on("STARTTLS", Action.raw("220 2.0.0 go ahead\r\n250 injected\r\n".getBytes(StandardCharsets.US_ASCII))).start()) {
            StrictSmtpClient client = connected(server);
            client.ehlo("client.example");
            assertThatThrownBy(client::execTLS).isInstanceOf(ReplySyntaxException.class)
                    .hasMessageContaining("'250 injected'").hasMessageContaining("after the reply to STARTTLS")
                    .satisfies(e -> assertThat(ruleOf(e)).isEqualTo(ReplySyntaxException.Rule.UNSOLICITED));
            client.disconnect();
        }
    }

    @Test
    void anAuthChallengeOverTheLineBoundIsRefused() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("AUTH", Action.reply("334 " + "Q".repeat(5000))).start()) {
            StrictSmtpClient client = connected(server);
            assertThatThrownBy(() -> client.auth(AuthenticatingSMTPClient.AUTH_METHOD.CRAM_MD5, "alice", "pw"))
                    .isInstanceOf(LimitExceededException.class)
                    .satisfies(e -> assertThat(((LimitExceededException) e).limit()).isEqualTo(LimitExceededException.Limit.LINE_LENGTH));
            client.disconnect();
        }
    }

    @Test
    void aData354OverTheLineCountIsRefused() throws IOException {
        String[] lines = new String[Limits.DEFAULT.maxReplyLines() + 1];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = "354" + (i == lines.length - 1 ? " go" : "-go");
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on(ScriptedSmtpServer.DATA_START, Action.reply(lines)).start()) {
            StrictSmtpClient client = connected(server);
            assertThatThrownBy(client::sendMessageData).isInstanceOf(LimitExceededException.class)
                    .satisfies(e -> assertThat(((LimitExceededException) e).limit()).isEqualTo(LimitExceededException.Limit.REPLY_LINES));
            client.disconnect();
        }
    }

    @Test
    void anEarly235WithA535BehindItIsAReplyBeforeItsCommandNotTheAnswerToQuit() throws IOException {
        String token = "ya29.secret-token";
        String blob = Base64.getEncoder().encodeToString(("user=alice\u0001auth=Bearer " + token + "\u0001\u0001").getBytes(StandardCharsets.UTF_8));
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("AUTH", Action.raw(("235 2.7.0 Accepted\r\n535 5.7.8 " + blob + " invalid\r\n").getBytes(StandardCharsets.US_ASCII))).start()) {
            StrictSmtpClient client = connected(server);
            client.mask(SecretMask.of("alice", token));
            assertThatThrownBy(() -> client.sendCommand("AUTH", "XOAUTH2 " + blob)).isInstanceOf(ReplySyntaxException.class)
                    .hasMessageContaining("535 5.7.8 ********").hasMessageContaining("after the reply to AUTH")
                    .hasMessageNotContaining(blob)
                    .satisfies(e -> assertThat(ruleOf(e)).isEqualTo(ReplySyntaxException.Rule.UNSOLICITED));
            assertThat(client.getReplyCode()).as("the 235 was read, and is not the verdict").isEqualTo(235);
            client.disconnect();
        }
    }

    @Test
    void aContinuationWithoutItsHyphenIsCaughtAtTheReplyItBelongsTo() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("RCPT", Action.reply("250-accepted", "250 first", "550 5.7.1 rest")).start()) {
            StrictSmtpClient client = connected(server);
            client.ehlo("client.example");
            assertThatThrownBy(() -> client.rcpt("<b@example.org>")).isInstanceOf(ReplySyntaxException.class)
                    .hasMessageContaining("after the reply to RCPT").hasMessageContaining("'550 5.7.1 rest'");
            client.disconnect();
        }
    }

    @Test
    void aTruncatedReplyFollowedByCloseIsNotAccepted() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("MAIL", Action.rawThenClose("250 2.".getBytes(StandardCharsets.US_ASCII))).start()) {
            StrictSmtpClient client = connected(server);
            assertThatThrownBy(() -> client.mail("<a@example.org>")).isInstanceOf(ReplySyntaxException.class)
                    .satisfies(e -> assertThat(ruleOf(e)).isEqualTo(ReplySyntaxException.Rule.UNTERMINATED));
            client.disconnect();
        }
    }

    @Test
    void lfOnlyRepliesAreReadAndFlagged() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .banner(Action.raw("220-localhost\n220 ESMTP\n".getBytes(StandardCharsets.US_ASCII))).start()) {
            StrictSmtpClient client = connected(server);
            assertThat(client.getReplyCode()).isEqualTo(220);
            assertThat(client.lastWireReply().lfOnly()).isTrue();
            assertThat(client.ehlo("client.example")).isEqualTo(250);
            assertThat(client.lastWireReply().lfOnly()).isFalse();
            client.disconnect();
        }
    }

    /** A hand-driven server, so the unsolicited line provably arrives after one reply and before the next command. */
    @Test
    void bytesArrivingBetweenAReplyAndTheNextCommandAreRefusedBeforeItIsSent() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch ehloAnswered = new CountDownLatch(1);
            CountDownLatch lateWritten = new CountDownLatch(1);
            CompletableFuture<String> afterLate = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept()) {
                    OutputStream out = s.getOutputStream();
                    InputStream in = s.getInputStream();
                    out.write("220 hi\r\n".getBytes(StandardCharsets.US_ASCII));
                    readLine(in);
                    out.write("250 ok\r\n".getBytes(StandardCharsets.US_ASCII));
                    if (!ehloAnswered.await(5, TimeUnit.SECONDS)) {
                        return "timeout";
                    }
                    out.write("550 5.7.1 late\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    lateWritten.countDown();
                    return readLine(in);
                } catch (IOException | InterruptedException e) {
                    return e.toString();
                }
            });
            Peeking client = new Peeking();
            client.setDefaultTimeout(5000);
            client.connect(listener.getInetAddress(), listener.getLocalPort());
            assertThat(client.ehlo("client.example")).isEqualTo(250);
            ehloAnswered.countDown();
            assertThat(lateWritten.await(5, TimeUnit.SECONDS)).isTrue();
            // Written is not yet received: wait (bounded) until the socket has it, without reading it.
            for (int i = 0; i < 500 && client.socketAvailable() == 0; i++) {
                Thread.sleep(10);
            }
            assertThatThrownBy(client::noop).isInstanceOf(ReplySyntaxException.class)
                    .hasMessageContaining("before NOOP was sent").hasMessageContaining("'550 5.7.1 late'");
            client.disconnect();
            assertThat(afterLate.get(5, TimeUnit.SECONDS)).as("NOOP never went out").isNull();
        }
    }

    @Test
    void anUnsolicited421IsTheReplyThatClosesTheSession() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("EHLO", Action.reply("250 ok", "421 4.4.2 timeout exceeded")).start()) {
            StrictSmtpClient client = connected(server);
            assertThatThrownBy(() -> client.ehlo("client.example")).isInstanceOf(SMTPConnectionClosedException.class);
            assertThat(client.getReplyCode()).isEqualTo(421);
            client.disconnect();
        }
    }

    /** Sees whether the socket holds bytes, without consuming any. */
    private static final class Peeking extends StrictSmtpClient {
        Peeking() {
            super(false, Limits.DEFAULT);
        }

        int socketAvailable() throws IOException {
            return _input_.available();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString().strip();
    }
}
