package io.smtpcheck.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference reading of RFC 5321 section 4.2, written apart from {@link StrictReplyReader} (regular expressions over
 * the bytes as ISO-8859-1, not a byte scanner), to judge what the server sent in answer to one command: exactly one
 * reply, within the limits, or not.
 */
final class Rfc5321Oracle {

    private static final Pattern MIDDLE = Pattern.compile("([2-5][0-5][0-9])-.*", Pattern.DOTALL);
    private static final Pattern LAST = Pattern.compile("([2-5][0-5][0-9])(?: .*)?", Pattern.DOTALL);

    /** The reply the bytes are, or null when they are not exactly one legal reply. */
    record Legal(int code, List<String> lines) {
    }

    private Rfc5321Oracle() {
    }

    static Legal judge(byte[] bytes, int maxLineLength, int maxReplyLines) {
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        if (!all.endsWith("\n")) {
            return null;
        }
        String[] raw = all.substring(0, all.length() - 1).split("\n", -1);
        if (raw.length > maxReplyLines) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        String code = null;
        for (int i = 0; i < raw.length; i++) {
            String line = raw[i].endsWith("\r") ? raw[i].substring(0, raw[i].length() - 1) : raw[i];
            if (line.length() > maxLineLength) {
                return null;
            }
            Matcher m = (i < raw.length - 1 ? MIDDLE : LAST).matcher(line);
            if (!m.matches() || (code != null && !code.equals(m.group(1)))) {
                return null;
            }
            code = m.group(1);
            lines.add(new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
        return new Legal(Integer.parseInt(code), lines);
    }
}
