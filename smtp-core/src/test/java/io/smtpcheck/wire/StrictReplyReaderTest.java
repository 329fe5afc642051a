package io.smtpcheck.wire;

import io.smtpcheck.classify.LimitExceededException;
import io.smtpcheck.redact.SecretMask;
import org.apache.commons.net.smtp.SMTPConnectionClosedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictReplyReaderTest {

    private static StrictReplyReader reader(String bytes) {
        return reader(bytes.getBytes(StandardCharsets.UTF_8));
    }

    private static StrictReplyReader reader(byte[] bytes) {
        return new StrictReplyReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8, 4096, 200);
    }

    @Test
    void readsASingleLineAndAMultiLineReply() throws IOException {
        StrictReplyReader r = reader("220 mx.example.org ESMTP\r\n250-mx.example.org\r\n250-PIPELINING\r\n250 8BITMIME\r\n");
        assertThat(r.read()).isEqualTo(new WireReply(220, java.util.List.of("220 mx.example.org ESMTP"), false));
        WireReply ehlo = r.read();
        assertThat(ehlo.code()).isEqualTo(250);
        assertThat(ehlo.lines()).containsExactly("250-mx.example.org", "250-PIPELINING", "250 8BITMIME");
        assertThat(r.hasUnreadInput()).isFalse();
    }

    @Test
    void aBareCodeIsALegalLastLineAndCommonsNetGetsItWithItsSpace() throws IOException {
        WireReply reply = reader("220-mx.example.org ESMTP\r\n220\r\n").read();
        assertThat(reply.lines()).containsExactly("220-mx.example.org ESMTP", "220");
        assertThat(reply.commonsNetLines()).containsExactly("220-mx.example.org ESMTP", "220 ");
        assertThat(reader("250\r\n").read().lines()).containsExactly("250");
    }

    @Test
    void anEmptyContinuationTextIsLegal() throws IOException {
        assertThat(reader("250-\r\n250 ok\r\n").read().lines()).containsExactly("250-", "250 ok");
    }

    @Test
    void lfOnlyLinesAreReadAndReported() throws IOException {
        StrictReplyReader r = reader("220 banner\n250-a\r\n250 b\n250 c\r\n");
        assertThat(r.read().lfOnly()).isTrue();
        WireReply mixed = r.read();
        assertThat(mixed.lines()).containsExactly("250-a", "250 b");
        assertThat(mixed.lfOnly()).isTrue();
        assertThat(r.read().lfOnly()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"２５０ ok", "٢٥٠ ok", "ok 250", "", "25", "25 ok", "2a0 ok", "150 ok", "650 ok", "260 ok", "HTTP/1.1 400 Bad Request"})
    void aLineWithoutAReplyCodeIsRefused(String first) {
        assertThatThrownBy(() -> reader(first + "\r\n").read()).isInstanceOf(ReplySyntaxException.class)
                .satisfies(e -> assertThat(((ReplySyntaxException) e).rule()).isEqualTo(ReplySyntaxException.Rule.NOT_A_CODE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2500 ok", "25000 ok", "2502.1.5 Ok", "250\tok", "250\u0000ok", "250.ok", "250_ok", "250\rok"})
    void aCodeNotFollowedBySpaceHyphenOrLineEndIsRefused(String line) {
        assertThatThrownBy(() -> reader(line + "\r\n").read()).isInstanceOf(ReplySyntaxException.class)
                .satisfies(e -> assertThat(((ReplySyntaxException) e).rule()).isEqualTo(ReplySyntaxException.Rule.BAD_SEPARATOR));
    }

    @Test
    void mixedCodesInOneReplyAreRefusedNamingTheLine() {
        assertThatThrownBy(() -> reader("250-accepted\r\n550 5.7.1 refused\r\n").read())
                .isInstanceOf(ReplySyntaxException.class)
                .hasMessageContaining("'550 5.7.1 refused'")
                .hasMessageContaining("line 2 of a 250 reply")
                .satisfies(e -> assertThat(((ReplySyntaxException) e).rule()).isEqualTo(ReplySyntaxException.Rule.CODE_CHANGED));
    }

    @Test
    void aLineWithoutCodeInsideAReplyIsRefused() {
        assertThatThrownBy(() -> reader("250-first\r\nPIPELINING\r\n250 last\r\n").read())
                .isInstanceOf(ReplySyntaxException.class).hasMessageContaining("'PIPELINING'");
    }

    @Test
    void aContinuationWithoutItsHyphenEndsTheReplyAndLeavesTheRestUnread() throws IOException {
        StrictReplyReader r = reader("250-first\r\n250 second\r\n250 third\r\n");
        assertThat(r.read().lines()).containsExactly("250-first", "250 second");
        assertThat(r.hasUnreadInput()).as("the client refuses the rest as unsolicited").isTrue();
        assertThat(r.peekUnread()).isEqualTo("250 third");
    }

    @Test
    void aLastLineCutOffByTheEndOfTheStreamIsNotAReply() {
        assertThatThrownBy(() -> reader("250 2.").read()).isInstanceOf(ReplySyntaxException.class)
                .hasMessageContaining("'250 2.'")
                .satisfies(e -> assertThat(((ReplySyntaxException) e).rule()).isEqualTo(ReplySyntaxException.Rule.UNTERMINATED));
        assertThatThrownBy(() -> reader("250-a\r\n250 b").read()).isInstanceOf(ReplySyntaxException.class);
    }

    @Test
    void theEndOfTheStreamBetweenLinesIsAClosedConnection() throws IOException {
        assertThatThrownBy(() -> reader("").read()).isInstanceOf(SMTPConnectionClosedException.class);
        StrictReplyReader r = reader("250-a\r\n250-b\r\n");
        assertThatThrownBy(r::read).isInstanceOf(SMTPConnectionClosedException.class);
        assertThat(r.linesSoFar()).containsExactly("250-a", "250-b");
    }

    @Test
    void aLineOverTheBoundIsRefusedBeforeItsEnd() {
        InputStream endless = new InputStream() {
            private long served;

            @Override
            public int read() {
                return served++ < 3 ? '2' + (int) (served % 2) : 'a';
            }
        };
        StrictReplyReader r = new StrictReplyReader(endless, StandardCharsets.UTF_8, 100, 200);
        assertThatThrownBy(r::read).isInstanceOf(LimitExceededException.class)
                .satisfies(e -> assertThat(((LimitExceededException) e).limit()).isEqualTo(LimitExceededException.Limit.LINE_LENGTH));
    }

    @CsvSource({"100, false", "101, true"})
    @ParameterizedTest
    void theLineBoundCountsOctetsWithoutTheLineEnd(int length, boolean refused) {
        String line = "250 " + "x".repeat(length - 4);
        StrictReplyReader r = new StrictReplyReader(new ByteArrayInputStream((line + "\r\n").getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.UTF_8, 100, 200);
        if (refused) {
            assertThatThrownBy(r::read).isInstanceOf(LimitExceededException.class);
        } else {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(r::read)).isNull();
        }
    }

    @Test
    void aReplyOverTheLineCountIsRefused() {
        String reply = "250-x\r\n".repeat(3) + "250 end\r\n";
        StrictReplyReader r = new StrictReplyReader(new ByteArrayInputStream(reply.getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.UTF_8, 100, 3);
        assertThatThrownBy(r::read).isInstanceOf(LimitExceededException.class)
                .satisfies(e -> assertThat(((LimitExceededException) e).limit()).isEqualTo(LimitExceededException.Limit.REPLY_LINES));
        StrictReplyReader enough = new StrictReplyReader(new ByteArrayInputStream(reply.getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.UTF_8, 100, 4);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(enough::read)).isNull();
    }

    @Test
    void manyRepliesAcrossBufferRefillsAreReadWhole() throws IOException {
        String line = "250-" + "y".repeat(90) + "\r\n";
        String reply = line.repeat(150) + "250 end\r\n";
        StrictReplyReader r = reader(reply.repeat(5));
        for (int i = 0; i < 5; i++) {
            assertThat(r.read().lines()).hasSize(151).last().isEqualTo("250 end");
        }
        assertThat(r.hasUnreadInput()).isFalse();
    }

    @Test
    void theOffendingLineIsShownEscapedAndMasked() {
        String secret = "s3cr3t-Passw0rd";
        String b64 = Base64.getEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        StrictReplyReader r = reader("25\u009b0 \u001b[31m " + secret + " " + b64 + "\r\n");
        r.mask(SecretMask.of("alice", secret));
        assertThatThrownBy(r::read).isInstanceOf(ReplySyntaxException.class)
                .hasMessageContaining("\\x9b").hasMessageContaining("\\x1b[31m")
                .hasMessageNotContaining(secret).hasMessageNotContaining(b64)
                .hasMessageNotContaining("\u001b").hasMessageNotContaining("\u009b");
    }

    @Test
    void invalidUtf8InTheTextBecomesTheReplacementCharacter() throws IOException {
        byte[] bytes = {'2', '5', '0', ' ', (byte) 0xff, 'o', 'k', '\r', '\n'};
        assertThat(reader(bytes).read().lines()).containsExactly("250 \ufffdok");
    }
}
