package io.smtpcheck.reply;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RFC 3463 enhanced status code, {@code class.subject.detail}. Subject and detail stay strings because
 * Cisco ESA writes a wildcard ({@code 4.x.2}) where it does not commit to one value.
 */
public record EnhancedCode(int codeClass, String subject, String detail) implements java.io.Serializable {

    /** Either the RFC 3463 form at the start of the text, or the ESA form {@code #4.4.5} / {@code #4.x.2}. */
    private static final Pattern LEADING = Pattern.compile("^#?\\s?([245])\\s?\\.\\s?(\\d{1,3}|[xX])\\s?\\.\\s?(\\d{1,3}|[xX])(?=\\s|$|[^\\d.])");

    public EnhancedCode {
        if (codeClass != 2 && codeClass != 4 && codeClass != 5) {
            throw new IllegalArgumentException("enhanced code class must be 2, 4 or 5: " + codeClass);
        }
    }

    /** Reads the enhanced code at the start of a reply's text (the part after the three-digit code). */
    public static Optional<EnhancedCode> parseLeading(String text) {
        Matcher m = LEADING.matcher(text.strip());
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new EnhancedCode(Integer.parseInt(m.group(1)), m.group(2).toLowerCase(), m.group(3).toLowerCase()));
    }

    public static EnhancedCode of(String dotted) {
        return parseLeading(dotted).orElseThrow(() -> new IllegalArgumentException("not an enhanced status code: " + dotted));
    }

    /** True when subject and detail are numbers, not the ESA wildcard. */
    public boolean isExact() {
        return !"x".equals(subject) && !"x".equals(detail);
    }

    /** The form Cisco ESA writes, {@code #4.4.5}; whether a server wrote it is {@link Reply#usesEsaForm()}. */
    public String esaForm() {
        return "#" + this;
    }

    @Override
    public String toString() {
        return codeClass + "." + subject + "." + detail;
    }
}
