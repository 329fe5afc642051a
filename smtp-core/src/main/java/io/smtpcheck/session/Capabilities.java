package io.smtpcheck.session;

import io.smtpcheck.reply.Reply;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an EHLO reply advertises: one capability a line after the greeting line, such as {@code SIZE 10240000}.
 * A HELO reply advertises nothing.
 *
 * @param lines the capability lines as the server sent them
 */
record Capabilities(List<String> lines) {

    static final Capabilities NONE = new Capabilities(List.of());

    Capabilities {
        lines = List.copyOf(lines);
    }

    static Capabilities of(Reply ehlo) {
        return new Capabilities(ehlo.textLines().subList(1, ehlo.lines().size()));
    }

    /** The keywords, upper case, in the server's order. */
    Set<String> keywords() {
        Set<String> keywords = new LinkedHashSet<>();
        lines.forEach(line -> keywords.add(keyword(line)));
        return keywords;
    }

    boolean offers(String keyword) {
        return lines.stream().anyMatch(line -> keyword(line).equals(keyword));
    }

    /** The SASL mechanisms after AUTH, upper case; empty when AUTH is not advertised. */
    Set<String> authMechanisms() {
        Set<String> offered = new LinkedHashSet<>();
        for (String line : lines) {
            String upper = line.toUpperCase(Locale.ROOT);
            // "AUTH=PLAIN LOGIN" is the pre-RFC 4954 form some servers still send.
            if (upper.startsWith("AUTH ") || upper.startsWith("AUTH=")) {
                offered.addAll(Arrays.asList(upper.substring(5).strip().split("\\s+")));
            }
        }
        return offered;
    }

    /** The capability up to the first white space or '=' ("SIZE 10240000" and "AUTH=LOGIN" name SIZE and AUTH). */
    private static String keyword(String capability) {
        String line = capability.strip();
        int end = 0;
        while (end < line.length() && " \t\n\u000B\f\r=".indexOf(line.charAt(end)) < 0) {
            end++;
        }
        return line.substring(0, end).toUpperCase(Locale.ROOT);
    }
}
