package io.smtpcheck.request;

import java.io.Serializable;
import java.time.Duration;

/**
 * The bounds that keep a slow, broken or hostile server harmless. The deadline covers the whole check,
 * DNS to QUIT, and holds even against a server that sends one byte at a time.
 *
 * @param connectTimeout  TCP connect, per address tried
 * @param replyTimeout    silence allowed while waiting for a reply
 * @param deadline        the whole check
 * @param maxLineLength   longest reply line accepted (RFC 5321 allows 512; servers exceed it a little)
 * @param maxReplyLines   most lines in one reply (an EHLO reply has about 15)
 * @param maxSessionBytes most bytes read from the server in the whole session
 */
public record Limits(Duration connectTimeout, Duration replyTimeout, Duration deadline,
                     int maxLineLength, int maxReplyLines, long maxSessionBytes) implements Serializable {

    public static final Limits DEFAULT = new Limits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
            4096, 200, 1024 * 1024);

    public Limits {
        positive("connect-timeout", connectTimeout);
        positive("reply-timeout", replyTimeout);
        positive("timeout", deadline);
        if (maxLineLength < 64) {
            throw new InvalidRequestException("max-line-length", "must be at least 64, was " + maxLineLength);
        }
        if (maxReplyLines < 1) {
            throw new InvalidRequestException("max-reply-lines", "must be at least 1, was " + maxReplyLines);
        }
        if (maxSessionBytes < 1024) {
            throw new InvalidRequestException("max-session-bytes", "must be at least 1024, was " + maxSessionBytes);
        }
    }

    public Limits withTimeouts(Duration connect, Duration reply, Duration overall) {
        return new Limits(connect, reply, overall, maxLineLength, maxReplyLines, maxSessionBytes);
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new InvalidRequestException(name, "must be a positive duration, was " + d);
        }
    }
}
