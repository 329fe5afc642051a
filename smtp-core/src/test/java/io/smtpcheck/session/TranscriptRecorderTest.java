package io.smtpcheck.session;

import org.apache.commons.net.ProtocolCommandEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class TranscriptRecorderTest {

    private static final String PASSWORD = "correct horse battery";

    @Test
    void authArgumentsAreMaskedButTheMechanismStays() {
        TranscriptRecorder recorder = new TranscriptRecorder();
        recorder.secret("alice", PASSWORD);
        recorder.maskClientArguments(true);
        String plain = Base64.getEncoder().encodeToString(("\0alice\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        recorder.protocolCommandSent(new ProtocolCommandEvent(this, "AUTH", "AUTH PLAIN " + plain + "\r\n"));
        recorder.protocolCommandSent(new ProtocolCommandEvent(this, "YWxpY2U=", "YWxpY2U=\r\n"));
        recorder.maskClientArguments(false);
        recorder.protocolCommandSent(new ProtocolCommandEvent(this, "MAIL", "MAIL FROM:<alice@example.com>\r\n"));

        assertThat(recorder.transcript().renderPlain()).isEqualTo(
                "-> AUTH PLAIN ********\n-> ********\n-> MAIL FROM:<alice@example.com>");
    }

    @Test
    void aServerEchoingTheSecretIsScrubbed() {
        TranscriptRecorder recorder = new TranscriptRecorder();
        recorder.secret("alice", PASSWORD);
        String b64 = Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8));
        recorder.protocolReplyReceived(new ProtocolCommandEvent(this, 535, "535 5.7.8 bad password " + PASSWORD + " / " + b64 + "\r\n"));

        assertThat(recorder.transcript().renderPlain()).isEqualTo("<- 535 5.7.8 bad password ******** / ********")
                .doesNotContain(PASSWORD);
    }

    @Test
    void multiLineRepliesBecomeOneTranscriptLineEach() {
        TranscriptRecorder recorder = new TranscriptRecorder();
        recorder.note("Trying 127.0.0.1...");
        recorder.protocolReplyReceived(new ProtocolCommandEvent(this, 250, "250-my_esa.local\r\n250 STARTTLS\r\n"));
        Transcript t = recorder.transcript();
        assertThat(t.renderPlain()).isEqualTo("<- 250-my_esa.local\n<- 250 STARTTLS");
        assertThat(t.render()).contains("** Trying 127.0.0.1...");
    }

    @Test
    void controlCharactersFromTheServerCannotReachTheTerminal() {
        TranscriptRecorder recorder = new TranscriptRecorder();
        recorder.protocolReplyReceived(new ProtocolCommandEvent(this, 220, "220 \u001b[2J\u001b]0;owned\u0007 hello\r\n"));

        assertThat(recorder.transcript().renderPlain()).isEqualTo("<- 220 \\x1b[2J\\x1b]0;owned\\x07 hello")
                .doesNotContain("\u001b");
    }
}
