package io.smtpcheck.text;

/**
 * The one escaping of untrusted text for terminals, logs and text reports. A server's reply or a user's option
 * value may carry characters that steer a terminal (ESC and the C1 CSI U+009B start escape sequences), reorder
 * what is shown (bidi controls) or break lines where a reader does not expect it; each becomes visible instead:
 * {@code \t}, {@code \r}, {@code \n}, {@code \x1b}, {@code \x9b}, {@code \u202e}. An unpaired surrogate becomes
 * {@code \ud800} too, so the result is always well-formed UTF-16 (and so encodable in JSON and XML).
 */
public final class Printable {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Printable() {
    }

    /** The text with every {@linkplain #isUnsafe unsafe} character escaped; the same instance when there is none. */
    public static String escape(String text) {
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!isUnsafe(cp)) {
                out.appendCodePoint(cp);
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp < 0x100) {
                out.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 0xf]);
            } else {
                out.append("\\u").append(HEX[cp >> 12]).append(HEX[(cp >> 8) & 0xf]).append(HEX[(cp >> 4) & 0xf]).append(HEX[cp & 0xf]);
            }
        }
        return out.toString();
    }

    /** Index of the first unsafe character, or -1. */
    public static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (isUnsafe(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    /**
     * C0 controls (TAB, CR and LF included), DEL, C1 controls (U+0080 to U+009F, NEL and CSI among them), the line
     * and paragraph separators, the bidi controls (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069) and
     * surrogates that {@link String#codePointAt} left unpaired.
     */
    public static boolean isUnsafe(int cp) {
        return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)
                || cp == 0x2028 || cp == 0x2029
                || cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)
                || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
    }
}
