package io.smtpcheck.request;

import java.io.Serializable;

/**
 * The test message sent after DATA. The session adds Date, Message-ID, From and To; the subject gets the
 * run id appended so a received test mail can be traced back to the check that sent it.
 */
public record MessageSpec(String subject, String body) implements Serializable {

    private static final String DEFAULT_SUBJECT = "smtp-check test message";

    public static final MessageSpec DEFAULT = new MessageSpec(DEFAULT_SUBJECT,
            "This is a test message sent by smtp-check.\nIt checks that the listener accepts mail.\n");

    public MessageSpec {
        subject = subject == null || subject.isBlank() ? DEFAULT_SUBJECT : subject;
        body = body == null ? "" : body;
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new InvalidRequestException("subject", "contains a line break; a header value must be one line");
        }
    }
}
