package io.smtpcheck.request;

import io.smtpcheck.text.Printable;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** The checks every value passes before it may reach the wire. */
final class Validation {

    private static final Pattern LINE_BREAK_OR_NUL = Pattern.compile("[\\r\\n\\x00]");
    /** A label of a domain as RFC 5321 section 4.1.2 writes it (Let-dig [Ldh-str]), ASCII only. */
    private static final Pattern LDH_LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV4_LITERAL = Pattern.compile("(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    /** RFC 5321 atext: what a local part may hold unquoted, besides dots between atoms. */
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";
    /** Longest duration accepted: a check that would wait longer is a typo, and {@code Duration.toNanos} overflows near 292 years. */
    static final java.time.Duration MAX_DURATION = java.time.Duration.ofHours(24);
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

    /**
     * A port written as a user writes it: ASCII digits only ({@link Integer#parseInt} also takes {@code ２９６４} and
     * Arabic-Indic digits, which no one means as a port), 1 to 65535.
     *
     * @param shown how the value is quoted in the error (the whole target, for {@code host:port})
     */
    static int port(String field, String digits, String shown) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidRequestException(field, "'" + Printable.escape(digits) + "'" + (shown.equals(digits) ? "" : " in '" + Printable.escape(shown) + "'")
                    + " is not a number from 1 to 65535 (ASCII digits only)");
        }
        return port(Integer.parseInt(digits));
    }

    /** Like {@link #text} for a password or token, whose value must not show in the message: it is read by whoever reads the log. */
    static void oneLineSecret(String field, String secret) {
        if (secret != null && LINE_BREAK_OR_NUL.matcher(secret).find()) {
            throw new InvalidRequestException(field, "contains a line break or NUL character (a trailing newline copied with it?); "
                    + "sent in an SMTP command it would inject further commands. Remove it.");
        }
        int at = secret == null ? -1 : firstForbidden(secret);
        if (at >= 0) {
            throw new InvalidRequestException(field, "contains a control character (at position " + (at + 1) + ") or text that was not valid UTF-8; "
                    + "a password or token is printable text. Check how it was copied.");
        }
    }

    /**
     * Refuses what must not reach the wire or a terminal: CR, LF and NUL (in an SMTP command they would end the line
     * and inject commands of the value's choosing), every other C0 control, DEL, C1 controls, line and paragraph
     * separators, bidi controls, lone surrogates, and U+FFFD, the trace of input that was not valid UTF-8.
     */
    static String text(String field, String value) {
        if (value == null) {
            return null;
        }
        if (LINE_BREAK_OR_NUL.matcher(value).find()) {
            throw new InvalidRequestException(field, "'" + Printable.escape(value) + "' contains a line break or NUL character; "
                    + "sent in an SMTP command it would inject further commands. Remove it.");
        }
        int at = firstForbidden(value);
        if (at >= 0) {
            int cp = value.codePointAt(at);
            String what = cp == 0xfffd ? "U+FFFD (the input was not valid UTF-8)" : Printable.escape(new String(Character.toChars(cp)));
            throw new InvalidRequestException(field, "'" + Printable.escape(value) + "' contains the control character " + what
                    + " at position " + (value.codePointCount(0, at) + 1) + "; remove it (was it pasted from a terminal or a document?)");
        }
        return value;
    }

    private static int firstForbidden(String value) {
        int unsafe = Printable.firstUnsafe(value);
        int replacement = value.indexOf('\ufffd');
        return unsafe < 0 ? replacement : replacement < 0 ? unsafe : Math.min(unsafe, replacement);
    }

    /**
     * The EHLO argument: a domain (RFC 5321 section 4.1.2: LDH labels of at most 63 octets, at most 255 in all;
     * an international name goes in punycode) or an address literal ({@code [192.0.2.1]}, {@code [IPv6:2001:db8::1]}).
     */
    static String helo(String value) {
        String h = text("helo", value).strip();
        if (h.startsWith("[")) {
            if (!isAddressLiteral(h)) {
                throw new InvalidRequestException("helo", "'" + Printable.escape(h) + "' is not an address literal; write [192.0.2.1] or [IPv6:2001:db8::1]");
            }
            return h;
        }
        String problem = domainProblem(h);
        if (problem != null) {
            throw new InvalidRequestException("helo", "'" + Printable.escape(h) + "' is not a domain name: " + problem
                    + "; give this machine's name, for example client.example.com, or an address literal such as [192.0.2.1]");
        }
        return asciiDomain(h);
    }

    /** True when {@code name} can be sent as EHLO argument unchanged: an ASCII domain by the rules of {@link #helo}. */
    static boolean isHeloDomain(String name) {
        return name.chars().allMatch(c -> c < 0x80) && domainProblem(name) == null;
    }

    /**
     * An RFC 5321 Mailbox as it goes between angle brackets, the domain in punycode: one {@code @} outside a quoted local
     * part; a local part of atoms (RFC 5321 atext, non-ASCII allowed for SMTPUTF8) joined by single dots, or quoted;
     * at most 64 octets; a domain or an address literal of at most 255 octets.
     */
    static String mailbox(String field, String a, String raw) {
        String shown = "'" + Printable.escape(raw) + "'";
        int at = localPartEnd(field, a, shown);
        if (at < 0) {
            throw new InvalidRequestException(field, shown + " has no @domain; write user@example.com");
        }
        String local = a.substring(0, at);
        String domain = a.substring(at + 1);
        if (local.isEmpty() || domain.isEmpty()) {
            throw new InvalidRequestException(field, shown + " needs a local part and a domain, as in user@example.com");
        }
        int localOctets = local.getBytes(StandardCharsets.UTF_8).length;
        if (localOctets > 64) {
            throw new InvalidRequestException(field, shown + " has a local part of " + localOctets + " octets; RFC 5321 allows 64");
        }
        if (domain.startsWith("[")) {
            if (!isAddressLiteral(domain)) {
                throw new InvalidRequestException(field, shown + " has an invalid address literal; write user@[192.0.2.1] or user@[IPv6:2001:db8::1]");
            }
            return local + "@" + domain;
        }
        if (domain.indexOf('@') >= 0) {
            throw new InvalidRequestException(field, shown + " has more than one @ outside quotes; an address has one, as in user@example.com");
        }
        String problem = domainProblem(domain);
        if (problem != null) {
            throw new InvalidRequestException(field, shown + " has an invalid domain: " + problem);
        }
        return local + "@" + asciiDomain(domain);
    }

    /** Index of the {@code @} that ends the local part, or -1 when there is none; refuses characters a local part cannot hold. */
    private static int localPartEnd(String field, String a, String shown) {
        if (a.startsWith("\"")) {
            for (int i = 1; i < a.length(); i++) {
                char c = a.charAt(i);
                if (c == '\\' && i + 1 < a.length() && a.charAt(i + 1) >= 0x20 && a.charAt(i + 1) < 0x7f) {
                    i++;
                } else if (c == '"') {
                    if (i + 1 < a.length() && a.charAt(i + 1) != '@') {
                        throw new InvalidRequestException(field, shown + " has text between the closing quote and the @");
                    }
                    return i + 1 < a.length() ? i + 1 : -1;
                } else if (c == '\\') {
                    throw new InvalidRequestException(field, shown + " ends its quoted local part with a lone backslash");
                }
            }
            throw new InvalidRequestException(field, shown + " opens a quote that never closes");
        }
        boolean atomStart = true;
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c == '@') {
                if (atomStart && i > 0) {
                    throw new InvalidRequestException(field, shown + " ends its local part with a dot; dots go between words");
                }
                return i;
            }
            if (c == '.') {
                if (atomStart) {
                    throw new InvalidRequestException(field, shown + " has a dot at the start of its local part or two dots in a row; quote such a local part");
                }
                atomStart = true;
            } else if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw new InvalidRequestException(field, shown + " contains a space; SMTP addresses have none (unless quoted)");
            } else if (c < 0x80 && !Character.isLetterOrDigit(c) && ATEXT_SPECIALS.indexOf(c) < 0) {
                throw new InvalidRequestException(field, shown + " has '" + c + "' in its local part, which needs quotes: \"local" + c + "part\"@example.com");
            } else {
                atomStart = false;
            }
        }
        return -1;
    }

    /** What is wrong with a domain, or null: labels of letters, digits and inner hyphens, at most 63 octets each, 255 in all. */
    private static String domainProblem(String domain) {
        String ascii;
        try {
            ascii = asciiDomain(domain);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (ascii.length() > 255) {
            return "it is " + ascii.length() + " octets long; a domain has at most 255";
        }
        if (ascii.endsWith(".")) {
            return "it ends with a dot";
        }
        for (String label : ascii.split("\\.", -1)) {
            if (label.isEmpty()) {
                return "it has an empty label (two dots in a row, or a leading dot)";
            }
            if (label.length() > 63) {
                return "the label '" + label.substring(0, 20) + "...' is " + label.length() + " octets long; a label has at most 63";
            }
            if (!LDH_LABEL.matcher(label).matches()) {
                return "the label '" + Printable.escape(label) + "' may hold only letters, digits and hyphens, and no hyphen first or last";
            }
        }
        return null;
    }

    /** The domain in ASCII; the message of {@link IDN} when it cannot be converted. */
    private static String asciiDomain(String domain) {
        return domain.chars().allMatch(c -> c < 0x80) ? domain : idnToAscii(domain);
    }

    /** {@link IDN#toASCII}, whose punycode parser's ParseException the user reads as a reason, not as a class name. */
    private static String idnToAscii(String domain) {
        try {
            return IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw e.getCause() == null ? e : new IllegalArgumentException("it cannot be written in punycode: " + e.getCause().getMessage());
        }
    }

    /** {@code [192.0.2.1]} or {@code [IPv6:...]} in one of RFC 5321 section 4.1.3's four IPv6 forms. */
    static boolean isAddressLiteral(String literal) {
        if (!literal.startsWith("[") || !literal.endsWith("]") || literal.length() < 3) {
            return false;
        }
        String inner = literal.substring(1, literal.length() - 1);
        if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
            return isIpv6(inner.substring(5));
        }
        return IPV4_LITERAL.matcher(inner).matches();
    }

    private static boolean isIpv6(String text) {
        int groups = 8;
        String s = text;
        int lastColon = s.lastIndexOf(':');
        if (lastColon >= 0 && s.indexOf('.', lastColon) > 0) {
            if (!IPV4_LITERAL.matcher(s.substring(lastColon + 1)).matches()) {
                return false;
            }
            // The IPv4 tail takes the place of two groups; keep its colon so "::1.2.3.4" still splits.
            s = s.substring(0, lastColon + 1) + "0";
            groups = 7;
        }
        int gap = s.indexOf("::");
        if (gap >= 0) {
            if (s.indexOf("::", gap + 1) >= 0) {
                return false;
            }
            String head = s.substring(0, gap);
            String tail = s.substring(gap + 2);
            int count = hexGroups(head) + hexGroups(tail);
            // "::" stands for at least one group (RFC 4291); RFC 5321 caps the explicit ones at 6 (4 with an IPv4 tail).
            return hexGroups(head) >= 0 && hexGroups(tail) >= 0 && count <= groups - 2;
        }
        return hexGroups(s) == groups;
    }

    /** Number of colon-separated hex groups, 0 for an empty string, -1 when one is not 1 to 4 hex digits. */
    private static int hexGroups(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        String[] parts = s.split(":", -1);
        for (String part : parts) {
            if (!HEX_GROUP.matcher(part).matches()) {
                return -1;
            }
        }
        return parts.length;
    }

    /** A host as it goes on the wire: brackets dropped from IPv6 literals, international names in punycode. */
    static String host(String host) {
        if (host == null || host.isBlank()) {
            throw new InvalidRequestException("host", "is empty; give a host name or address, for example mail.example.com");
        }
        String h = text("host", host).strip();
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
            return idnToAscii(domain);
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
}
