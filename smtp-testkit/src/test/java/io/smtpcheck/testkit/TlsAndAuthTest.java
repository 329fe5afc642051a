package io.smtpcheck.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TlsAndAuthTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static TlsIdentity identity;

    @BeforeAll
    static void generateIdentity() {
        identity = TlsIdentity.selfSigned("localhost", Duration.ofDays(90));
    }

    @Test
    void startTlsUpgradesAndStopsAdvertisingIt() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().starttls(identity).start();
             SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            client.reply();
            assertThat(client.command("EHLO x")).contains("250-STARTTLS");
            assertThat(client.command("STARTTLS")).containsExactly("220 2.0.0 Ready to start TLS");
            client.startTls(identity.trustingContext(), "localhost");
            assertThat(client.command("EHLO x")).doesNotContain("250-STARTTLS").contains("250 8BITMIME");
            assertThat(client.command("STARTTLS")).containsExactly("554 5.5.1 Error: TLS already active");
            assertThat(client.command("QUIT")).containsExactly("221 2.0.0 Bye");
            assertThat(client.readLine()).as("clean TLS close after QUIT").isNull();

            RecordedSession session = server.awaitSessions(1, WAIT).get(0);
            assertThat(session.tls()).isTrue();
            assertThat(session.sniHostname()).contains("localhost");
            assertThat(session.commands()).containsExactly("EHLO x", "STARTTLS", "EHLO x", "STARTTLS", "QUIT");
        }
    }

    @Test
    void startTlsWithoutIdentityIsNotAvailable() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
             SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            client.reply();
            assertThat(client.command("STARTTLS")).containsExactly("502 5.5.1 STARTTLS not available");
        }
    }

    @Test
    void scriptedStartTlsRefusalDoesNotUpgrade() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().starttls(identity)
                .on("STARTTLS", Action.reply("454 4.7.0 TLS not available due to local problem")).start();
             SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            client.reply();
            assertThat(client.command("STARTTLS")).containsExactly("454 4.7.0 TLS not available due to local problem");
            assertThat(client.command("NOOP")).containsExactly("250 2.0.0 Ok");
        }
    }

    @Test
    void brokenStartTlsFailsTheClientHandshake() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().starttls(identity)
                .on("STARTTLS", Action.startTlsThenGarbage()).start();
             SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            client.reply();
            assertThat(client.command("STARTTLS")).containsExactly("220 2.0.0 Ready to start TLS");
            assertThatThrownBy(() -> client.startTls(identity.trustingContext(), "localhost"))
                    .isInstanceOf(SSLException.class);
        }
    }

    @Test
    void implicitTlsSpeaksTlsFromTheFirstByte() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().implicitTls(identity).start();
             SmtpTestClient client = SmtpTestClient.implicitTls(server.host(), server.port(),
                     identity.trustingContext(), "localhost")) {
            assertThat(client.reply()).containsExactly("220 localhost ESMTP smtp-testkit");
            assertThat(client.command("EHLO x")).doesNotContain("250-STARTTLS");
            client.command("QUIT");
            assertThat(server.awaitSessions(1, WAIT).get(0).tls()).isTrue();
        }
    }

    @Test
    void plainClientOnImplicitTlsPortGetsNoBanner() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().implicitTls(identity).start();
             SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            client.send("EHLO x"); // not a ClientHello: the server's handshake fails and it hangs up
            byte[] answer = client.readToEnd();
            // The server hangs up, at most after a TLS alert record (content type 21): never a 220 in plain text.
            assertThat(answer).satisfiesAnyOf(a -> assertThat(a).isEmpty(), a -> assertThat(a[0]).isEqualTo((byte) 21));
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("220");
            assertThat(server.awaitSessions(1, WAIT).get(0).tls()).isFalse();
        }
    }

    @Test
    void expiredIdentityIsServedAsIs() throws Exception {
        Instant now = Instant.now();
        TlsIdentity expired = TlsIdentity.selfSigned("localhost", now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(1)));
        // The JDK does not check a trust anchor's dates, so the trusting context accepts the handshake;
        // a client that cares must look at the peer certificate itself.
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().implicitTls(expired).start();
             SmtpTestClient client = SmtpTestClient.implicitTls(server.host(), server.port(),
                     expired.trustingContext(), "localhost")) {
            Certificate peer = ((SSLSocket) client.socket()).getSession().getPeerCertificates()[0];
            assertThat(peer).isEqualTo(expired.certificate());
            assertThatThrownBy(() -> ((X509Certificate) peer).checkValidity())
                    .isInstanceOf(CertificateExpiredException.class);
        }
    }

    @Test
    void untrustedClientFailsTheHandshake() throws IOException {
        TlsIdentity other = TlsIdentity.selfSigned("localhost", Duration.ofDays(1));
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().implicitTls(identity).start()) {
            assertThatThrownBy(() -> SmtpTestClient.implicitTls(server.host(), server.port(),
                    other.trustingContext(), "localhost"))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void hostnameMismatchFailsTheHandshake() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().implicitTls(identity).start()) {
            assertThatThrownBy(() -> SmtpTestClient.implicitTls(server.host(), server.port(),
                    identity.trustingContext(), "mx.elsewhere.test"))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void authIsAdvertisedOnlyWhenConfigured() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().auth("alice", "s3cret").start();
             SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            client.reply();
            assertThat(client.command("EHLO x")).containsExactly("250-localhost", "250-PIPELINING",
                    "250-SIZE 10240000", "250-AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2", "250 8BITMIME");
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
             SmtpTestClient client = new SmtpTestClient(server.host(), server.port())) {
            client.reply();
            assertThat(client.command("AUTH PLAIN " + b64("\0alice\0s3cret")))
                    .containsExactly("503 5.5.1 Error: authentication not enabled");
        }
    }

    @Test
    void plainWithInitialResponse() throws IOException {
        try (ScriptedSmtpServer server = authServer(); SmtpTestClient client = connect(server)) {
            assertThat(client.command("AUTH PLAIN " + b64("\0alice\0s3cret"))).containsExactly(
                    "235 2.7.0 Authentication successful");
            assertThat(client.command("AUTH PLAIN " + b64("\0alice\0s3cret"))).containsExactly(
                    "503 5.5.1 Error: already authenticated");
            client.command("QUIT");
            RecordedSession session = server.awaitSessions(1, WAIT).get(0);
            assertThat(session.authenticatedUser()).contains("alice");
            assertThat(server.received()).contains("AUTH PLAIN " + b64("\0alice\0s3cret"));
        }
    }

    @Test
    void plainWithChallengeAndWrongPassword() throws IOException {
        try (ScriptedSmtpServer server = authServer(); SmtpTestClient client = connect(server)) {
            assertThat(client.command("AUTH PLAIN")).containsExactly("334 ");
            assertThat(client.command(b64("\0alice\0wrong"))).containsExactly(
                    "535 5.7.8 Error: authentication failed: authentication credentials invalid");
            assertThat(client.command("AUTH PLAIN")).containsExactly("334 ");
            assertThat(client.command(b64("\0alice\0s3cret"))).containsExactly("235 2.7.0 Authentication successful");
            client.command("QUIT");
            RecordedSession session = server.awaitSessions(1, WAIT).get(0);
            assertThat(session.lines()).contains(b64("\0alice\0wrong"));
            assertThat(session.commands()).doesNotContain(b64("\0alice\0wrong"));
        }
    }

    @Test
    void loginSuccessAndFailure() throws IOException {
        try (ScriptedSmtpServer server = authServer(); SmtpTestClient client = connect(server)) {
            assertThat(client.command("AUTH LOGIN")).containsExactly("334 VXNlcm5hbWU6");
            assertThat(client.command(b64("alice"))).containsExactly("334 UGFzc3dvcmQ6");
            assertThat(client.command(b64("nope"))).first().asString().startsWith("535 5.7.8");
            assertThat(client.command("AUTH LOGIN " + b64("alice"))).containsExactly("334 UGFzc3dvcmQ6");
            assertThat(client.command(b64("s3cret"))).containsExactly("235 2.7.0 Authentication successful");
        }
    }

    @Test
    void cramMd5SuccessAndFailure() throws Exception {
        try (ScriptedSmtpServer server = authServer(); SmtpTestClient client = connect(server)) {
            String challenge = client.command("AUTH CRAM-MD5").get(0);
            assertThat(challenge).startsWith("334 ");
            String nonce = new String(Base64.getDecoder().decode(challenge.substring(4)), StandardCharsets.US_ASCII);
            assertThat(nonce).startsWith("<").endsWith("@localhost>");
            assertThat(client.command(b64("alice " + hmacMd5("wrong", nonce)))).first().asString()
                    .startsWith("535 5.7.8");

            String second = client.command("AUTH CRAM-MD5").get(0).substring(4);
            String nonce2 = new String(Base64.getDecoder().decode(second), StandardCharsets.US_ASCII);
            assertThat(nonce2).isNotEqualTo(nonce);
            assertThat(client.command(b64("alice " + hmacMd5("s3cret", nonce2))))
                    .containsExactly("235 2.7.0 Authentication successful");
        }
    }

    @Test
    void xoauth2SuccessAndFailure() throws IOException {
        try (ScriptedSmtpServer server = authServer(); SmtpTestClient client = connect(server)) {
            // A wrong token gets an error challenge first; the client acknowledges it with an empty line.
            assertThat(client.command("AUTH XOAUTH2 " + b64("user=alice\u0001auth=Bearer bad\u0001\u0001")))
                    .singleElement().asString().startsWith("334 ");
            assertThat(client.command("")).first().asString().startsWith("535 5.7.8");
            assertThat(client.command("AUTH XOAUTH2 " + b64("user=alice\u0001auth=Bearer s3cret\u0001\u0001")))
                    .containsExactly("235 2.7.0 Authentication successful");
        }
    }

    @Test
    void cancelAndMalformedResponsesAreRejected() throws IOException {
        try (ScriptedSmtpServer server = authServer(); SmtpTestClient client = connect(server)) {
            assertThat(client.command("AUTH LOGIN")).containsExactly("334 VXNlcm5hbWU6");
            assertThat(client.command("*")).containsExactly("501 5.7.0 Authentication aborted");
            assertThat(client.command("AUTH PLAIN !!!notbase64")).containsExactly("501 5.5.2 Cannot decode response");
            assertThat(client.command("AUTH GSSAPI")).containsExactly("504 5.5.4 Unrecognized authentication type");
        }
    }

    @Test
    void scriptedAuthReplacesTheExchange() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().auth("alice", "s3cret")
                .on("AUTH", Action.reply("454 4.7.0 Temporary authentication failure")).start();
             SmtpTestClient client = connect(server)) {
            assertThat(client.command("AUTH PLAIN " + b64("\0alice\0s3cret")))
                    .containsExactly("454 4.7.0 Temporary authentication failure");
        }
    }

    private static ScriptedSmtpServer authServer() {
        return ScriptedSmtpServer.builder().auth("alice", "s3cret").start();
    }

    private static SmtpTestClient connect(ScriptedSmtpServer server) throws IOException {
        SmtpTestClient client = new SmtpTestClient(server.host(), server.port());
        client.reply();
        client.command("EHLO x");
        return client;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmacMd5(String key, String nonce) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
        return HexFormat.of().formatHex(mac.doFinal(nonce.getBytes(StandardCharsets.US_ASCII)));
    }
}
