package io.smtpcheck.session;

import io.smtpcheck.request.CheckRequest;
import org.apache.commons.net.smtp.SimpleSMTPHeader;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** The message DATA sends: the request's subject and body, with headers that trace a received copy back to its run. */
final class TestMessage {

    private TestMessage() {
    }

    static String render(CheckRequest request) {
        String runId = UUID.randomUUID().toString();
        String to = String.join(", ", request.recipients());
        String from = request.mailFrom().isEmpty() ? "smtp-check@" + request.heloName() : request.mailFrom();
        SimpleSMTPHeader header = new SimpleSMTPHeader(from, to, request.message().subject() + " [" + runId + "]");
        header.addHeaderField("Date", ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME));
        header.addHeaderField("Message-ID", "<" + runId + "@" + request.heloName() + ">");
        header.addHeaderField("X-Smtp-Check-Run", runId);
        return header + request.message().body();
    }
}
