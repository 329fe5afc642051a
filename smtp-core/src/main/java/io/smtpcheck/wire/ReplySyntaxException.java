package io.smtpcheck.wire;

import org.apache.commons.net.MalformedServerReplyException;

/**
 * A server's line that is not an RFC 5321 section 4.2 reply line where one was due, or a reply that arrived before
 * its command. A {@link MalformedServerReplyException}, so the classifier's "not an SMTP reply" rule makes it a
 * protocol violation at the stage where it happened; the message quotes the line, escaped and with secrets masked.
 */
public final class ReplySyntaxException extends MalformedServerReplyException {

    /** The rule the line broke. */
    public enum Rule {
        NOT_A_CODE("does not start with a reply code (three ASCII digits, 2-5 then 0-5 then 0-9)"),
        BAD_SEPARATOR("has no space, hyphen or line end after its reply code"),
        CODE_CHANGED("has another reply code than the first line of its reply"),
        UNTERMINATED("was cut off: the connection closed before the line ended"),
        UNSOLICITED("arrived before its command was sent (reply before its command)");

        private final String description;

        Rule(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final Rule rule;
    private final String line;

    /**
     * @param line the offending line, already escaped and masked
     * @param context where it came, e.g. {@code "after the reply to AUTH"}; may be empty
     */
    public ReplySyntaxException(Rule rule, String line, String context) {
        super("the server's line '" + line + "' " + rule.description() + (context.isEmpty() ? "" : " " + context));
        this.rule = rule;
        this.line = line;
    }

    public Rule rule() {
        return rule;
    }

    /** The offending line, escaped and masked. */
    public String line() {
        return line;
    }
}
