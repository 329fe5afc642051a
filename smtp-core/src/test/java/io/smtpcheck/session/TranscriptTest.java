package io.smtpcheck.session;

import io.smtpcheck.session.Transcript.Direction;
import io.smtpcheck.session.Transcript.Line;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class TranscriptTest {

    private static Transcript transcript(String... lines) {
        return new Transcript(List.of(lines).stream().map(l -> new Line(0, switch (l.substring(0, 2)) {
            case "<-" -> Direction.SERVER;
            case "->" -> Direction.CLIENT;
            default -> Direction.NOTE;
        }, l.substring(3))).toList());
    }

    @Test
    void everyEhloKeywordListIsFoldedIntoOneNoteAndTheRestStays() {
        Transcript t = transcript(
                "<- 220 mx.example ESMTP",
                "-> EHLO probe.example",
                "<- 250-mx.example",
                "<- 250-PIPELINING",
                "<- 250-STARTTLS",
                "<- 250 8BITMIME",
                "-> STARTTLS",
                "<- 220 2.0.0 Ready to start TLS",
                "** TLS established",
                "-> EHLO probe.example",
                "<- 250-mx.example",
                "<- 250 PIPELINING",
                "-> MAIL FROM:<>",
                "<- 250 2.1.0 Ok");

        assertThat(t.withCapabilitiesFolded(Locale.ENGLISH).renderPlain()).isEqualTo("""
                <- 220 mx.example ESMTP
                -> EHLO probe.example
                <- 250-mx.example
                -> STARTTLS
                <- 220 2.0.0 Ready to start TLS
                -> EHLO probe.example
                <- 250-mx.example
                -> MAIL FROM:<>
                <- 250 2.1.0 Ok""");
        assertThat(t.withCapabilitiesFolded(Locale.ENGLISH).lines()).extracting(Line::text)
                .contains("3 EHLO keyword lines folded", "1 EHLO keyword line folded");
    }

    @Test
    void aOneLineEhloReplyARefusalAndHeloAreKeptAsTheyAre() {
        Transcript t = transcript(
                "-> EHLO probe.example",
                "<- 250 mx.example",
                "-> EHLO bad..name",
                "<- 501-5.5.2 Helo command rejected",
                "<- 501 5.5.2 Invalid name",
                "-> HELO probe.example",
                "<- 250 mx.example");

        assertThat(t.withCapabilitiesFolded(Locale.ENGLISH)).isEqualTo(t);
    }
}
