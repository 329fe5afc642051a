package io.smtpcheck.classify;

import io.smtpcheck.reply.Reply;
import io.smtpcheck.catalog.Diagnosis;
import io.smtpcheck.request.Stage;
import io.smtpcheck.text.Texts;

import java.io.Serializable;
import java.util.Locale;

/**
 * How a check ended: exactly one of these, with the stage where it happened and a diagnosis in the
 * request's language. {@link #reply()} is the server reply that decided it, or null when none did.
 */
public sealed interface Outcome extends Serializable {

    Stage stage();

    Reply reply();

    Diagnosis diagnosis();

    Verdict verdict();

    /** A short stable name for reports and scripts: passed, transient, permanent, network, tls, protocol, expectation. */
    String kind();

    /** The outcome in words, without the stage, in a report's language: "transient failure (4xx)", "network failure (TIMEOUT)". */
    default String label(Locale locale) {
        Texts texts = Texts.of(locale);
        if (this instanceof NetworkFailure n) {
            return texts.get("outcome.network", texts.get("network." + n.networkKind().name()));
        }
        if (this instanceof ExpectationFailed e) {
            return texts.get("outcome.expectation", e.expectation());
        }
        return texts.get("outcome." + kind());
    }

    /** "passed up to RCPT TO", "permanent failure (5xx) at RCPT TO": the verdict line of every report, in its language. */
    default String headline(Locale locale) {
        String stage = stage().label(locale);
        return this instanceof Passed ? Texts.of(locale).get("headline.passed", stage) : Texts.of(locale).get("headline.ended", label(locale), stage);
    }

    /** The listener did everything asked up to {@code stage}. {@code reply} is the last reply of that stage. */
    record Passed(Stage stage, Reply reply, Diagnosis diagnosis) implements Outcome {
        public Verdict verdict() {
            return Verdict.PASS;
        }

        public String kind() {
            return "passed";
        }
    }

    /** A 4xx reply: the server says try again later. */
    record TransientFailure(Stage stage, Reply reply, Diagnosis diagnosis) implements Outcome {
        public Verdict verdict() {
            return Verdict.TRANSIENT;
        }

        public String kind() {
            return "transient";
        }
    }

    /** A 5xx reply: the server refuses, and will again until something is changed. */
    record PermanentFailure(Stage stage, Reply reply, Diagnosis diagnosis) implements Outcome {
        public Verdict verdict() {
            return Verdict.FAIL;
        }

        public String kind() {
            return "permanent";
        }
    }

    /** No usable connection: name resolution, connect, a timeout, or the peer going away. */
    record NetworkFailure(Stage stage, NetworkKind networkKind, String detail, Diagnosis diagnosis) implements Outcome {
        public Reply reply() {
            return null;
        }

        public Verdict verdict() {
            return Verdict.FAIL;
        }

        public String kind() {
            return "network";
        }
    }

    /** TLS could not be set up or verified; {@code reply} is set when the server refused STARTTLS. */
    record TlsFailure(Stage stage, String detail, Reply reply, Diagnosis diagnosis) implements Outcome {
        public Verdict verdict() {
            return Verdict.FAIL;
        }

        public String kind() {
            return "tls";
        }
    }

    /** The server broke SMTP itself: not a reply, a reply out of place, or over the session limits. */
    record ProtocolViolation(Stage stage, String detail, Reply reply, Diagnosis diagnosis) implements Outcome {
        public Verdict verdict() {
            return Verdict.FAIL;
        }

        public String kind() {
            return "protocol";
        }
    }

    /** The exchange worked but the listener lacked something the request expected (banner, keyword, certificate life). */
    record ExpectationFailed(Stage stage, String expectation, String actual, Reply reply, Diagnosis diagnosis) implements Outcome {
        public Verdict verdict() {
            return Verdict.FAIL;
        }

        public String kind() {
            return "expectation";
        }
    }
}
