package io.smtpcheck.report;

import io.smtpcheck.classify.Reply;

/** The reply phrase every report format shares, so a reply reads the same in text, JUnit and Nagios. */
final class Summary {

    private Summary() {
    }

    /** The last reply line with its enhanced code in both forms ("... [enhanced 4.4.5, ESA #4.4.5]"), or null. */
    static String reply(Reply reply) {
        if (reply == null) {
            return null;
        }
        String text = reply.lines().get(reply.lines().size() - 1);
        return reply.enhancedCode().map(c -> text + "  [enhanced " + c + ", ESA " + c.esaForm() + "]").orElse(text);
    }
}
