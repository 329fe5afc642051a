package io.smtpcheck.session;

import io.smtpcheck.request.CheckRequest;
import org.apache.commons.net.smtp.SimpleSMTPHeader;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * The message DATA sends: the request's subject and body, with headers that trace a received copy back to its run.
 * Made before MAIL FROM, so that its size can be declared there (RFC 1870) and a size limit shows at MAIL FROM, as it
 * does for a sending MTA, rather than after the whole body went over.
 *
 * @param text the message with {@code \n} line ends, before dot-stuffing
 */
record TestMessage(String text) {

    /** @param ehloName the name the session greeted with, which also names the sender and the Message-ID's domain */
    static TestMessage of(CheckRequest request, String ehloName) {
        String runId = UUID.randomUUID().toString();
        String to = String.join(", ", request.recipients());
        String from = request.mailFrom().isEmpty() ? "smtp-check@" + ehloName : request.mailFrom();
        SimpleSMTPHeader header = new SimpleSMTPHeader(from, to, request.message().subject() + " [" + runId + "]");
        header.addHeaderField("Date", ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME));
        header.addHeaderField("Message-ID", "<" + runId + "@" + ehloName + ">");
        header.addHeaderField("X-Smtp-Check-Run", runId);
        if (!isAscii(request.message().body())) {
            header.addHeaderField("MIME-Version", "1.0");
            header.addHeaderField("Content-Type", "text/plain; charset=UTF-8");
            header.addHeaderField("Content-Transfer-Encoding", "8bit");
        }
        return new TestMessage(header + request.message().body());
    }

    /** Octets on the wire as RFC 1870 counts them: every line with its CRLF, without dot-stuffing and the final dot. */
    long size() {
        return text.lines().mapToLong(line -> line.getBytes(StandardCharsets.UTF_8).length + 2L).sum();
    }

    /** Whether the message needs an 8-bit path (BODY=8BITMIME): the client writes it as UTF-8. */
    boolean eightBit() {
        return !isAscii(text);
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }
}
