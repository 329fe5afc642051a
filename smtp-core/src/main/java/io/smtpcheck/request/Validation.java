package io.smtpcheck.request;

import java.net.IDN;
import java.util.regex.Pattern;

/** The checks every value passes before it may reach the wire. */
final class Validation {

    private static final Pattern LINE_BREAK_OR_NUL = Pattern.compile("[\\r\\n\\x00]");
    /** Letters, digits, dots, hyphens; underscores too, which internal names use (my_esa.local) though DNS names should not. */
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");

    private Validation() {
    }

    static int port(int port) {
        if (port < 1 || port > 65535) {
            throw new InvalidRequestException("port", port + " is out of range; a TCP port is a number from 1 to 65535 (SMTP: 25, submission: 587, SMTPS: 465)");
        }
        return port;
    }

    /** Refuses CR, LF and NUL: in an SMTP command they would end the line and inject commands of the value's choosing. */
    /** Like {@link #oneLine} for a password or token, whose value must not show in the message: it is read by whoever reads the log. */
    static void oneLineSecret(String field, String secret) {
        if (secret != null && LINE_BREAK_OR_NUL.matcher(secret).find()) {
            throw new InvalidRequestException(field, "contains a line break or NUL character (a trailing newline copied with it?); "
                    + "sent in an SMTP command it would inject further commands. Remove it.");
        }
    }

    static String oneLine(String field, String value) {
        if (value != null && LINE_BREAK_OR_NUL.matcher(value).find()) {
            throw new InvalidRequestException(field, "'" + visible(value) + "' contains a line break or NUL character; "
                    + "sent in an SMTP command it would inject further commands. Remove it.");
        }
        return value;
    }

    /** A host as it goes on the wire: brackets dropped from IPv6 literals, international names in punycode. */
    static String host(String host) {
        if (host == null || host.isBlank()) {
            throw new InvalidRequestException("host", "is empty; give a host name or address, for example mail.example.com");
        }
        String h = oneLine("host", host.strip());
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.indexOf(':') >= 0) {
            if (!IPV6.matcher(h).matches()) {
                throw new InvalidRequestException("host", "'" + h + "' is neither a host name nor an IPv6 address; write [2001:db8::1]:25 for IPv6");
            }
            return h;
        }
        String ascii;
        try {
            ascii = toAscii(h);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("host", "'" + h + "' is not a valid host name: " + e.getMessage());
        }
        if (!HOST_NAME.matcher(ascii).matches()) {
            throw new InvalidRequestException("host", "'" + h + "' is not a valid host name: only letters, digits, dots and hyphens (no spaces)");
        }
        return ascii;
    }

    /**
     * A domain in ASCII, as {@link IDN#toASCII(String, int)} with unassigned code points allowed gives it. An
     * all-ASCII name only has its labels checked: IDN's class initialisation reads ICU's StringPrep data,
     * about 10 ms of a one-probe command, for names that nameprep would leave alone anyway.
     *
     * @throws IllegalArgumentException for an empty or too long label, with IDN's own message
     */
    static String toAscii(String domain) {
        if (!domain.chars().allMatch(c -> c < 0x80)) {
            return IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
        }
        int start = 0;
        while (start < domain.length()) {
            int dot = domain.indexOf('.', start);
            int end = dot < 0 ? domain.length() : dot;
            if (end == start) {
                throw new IllegalArgumentException("Empty label is not a legal name");
            }
            if (end - start > 63) {
                throw new IllegalArgumentException("The label in the input is too long");
            }
            start = end + 1;
        }
        return domain;
    }

    /** Shows control characters so the user sees where the line break is. */
    static String visible(String value) {
        return value.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
    }
}
