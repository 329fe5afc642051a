package io.smtpcheck.wire;

import io.smtpcheck.redact.SecretForms;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Legal replies and mutations of them, the way broken and hostile servers write them; one seed, one sequence. */
final class ReplyMutator {

    static final String USER = "alice@example.org";
    static final String SECRET = "Tr0ub4dor&3-horse";

    private static final int[] CODES = {211, 214, 220, 221, 235, 250, 251, 252, 334, 354, 421, 450, 451, 452, 454, 500, 501, 502, 503, 504, 530, 535, 550, 551, 552, 553, 554};
    private static final String[] WORDS = {"2.1.5", "Ok", "mx.example.org", "ESMTP", "PIPELINING", "SIZE 10240000", "AUTH PLAIN LOGIN",
            "5.7.1", "Relay", "denied", "queued as 4Xy9", "STARTTLS", "8BITMIME", "Grüße", "例え", "", "Go ahead"};
    private static final String[] CONTROLS = {"\u001b[2J", "\u001b]0;owned\u0007", "\u009b31m", "\u0000", "\u007f", "\u0085", "\u2028",
            "\u202e", "\u2066", "\u0008", "\t", "\r"};
    private static final String[] DIGITS = {"２", "٢", "۲", "²", "0", "1", "6", "9", "a", " "};

    private final Random random;

    ReplyMutator(long seed) {
        this.random = new Random(seed);
    }

    /** One case: a legal reply, mutated zero to three times. */
    byte[] next(int maxLineLength, int maxReplyLines) {
        int code = CODES[random.nextInt(CODES.length)];
        int n = 1 + random.nextInt(random.nextInt(10) == 0 ? 8 : 3);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(code + (i < n - 1 ? "-" : " ") + text());
        }
        String eol = "\r\n";
        boolean close = false;
        int mutations = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            int i = random.nextInt(lines.size());
            String line = lines.get(i);
            switch (random.nextInt(17)) {
                case 0 -> lines.set(i, replaceAt(line, random.nextInt(3), DIGITS[random.nextInt(DIGITS.length)]));
                case 1 -> lines.set(i, head(line) + random.nextInt(10) + tail(line, 3));
                case 2 -> lines.set(i, line.length() > 3 ? line.substring(0, 3) + "\t\u0000.x_".charAt(random.nextInt(5)) + line.substring(4) : line);
                case 3 -> lines.set(i, CODES[random.nextInt(CODES.length)] + tail(line, 3));
                case 4 -> lines.set(i, tail(line, 4));
                case 5 -> lines.set(i, line.length() > 3 && line.charAt(3) == '-' ? line.substring(0, 3) + " " + line.substring(4) : line);
                case 6 -> close = true;
                case 7 -> eol = random.nextBoolean() ? "\n" : "\r\n";
                case 8 -> lines.set(lines.size() - 1, head(lines.get(lines.size() - 1)));
                case 9 -> lines.set(i, line + CONTROLS[random.nextInt(CONTROLS.length)] + text());
                case 10 -> lines.set(i, line + "x".repeat(Math.max(0, maxLineLength - line.length() - 3 + random.nextInt(7))));
                case 11 -> {
                    int want = maxReplyLines - 2 + random.nextInt(4);
                    String last = lines.remove(lines.size() - 1);
                    while (lines.size() < want - 1) {
                        lines.add(head(last) + "-" + text());
                    }
                    lines.add(last);
                }
                case 12 -> lines.set(i, replaceAt(line, 0, String.valueOf("16790".charAt(random.nextInt(5)))));
                case 13 -> lines.add(i, "");
                case 14 -> lines.add(CODES[random.nextInt(CODES.length)] + " unsolicited");
                case 15 -> lines.set(i, line + (random.nextBoolean() ? "\r" : " a\rb"));
                default -> lines.set(i, line + " " + echo());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : lines) {
            out.writeBytes((line + eol).getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = out.toByteArray();
        if (close && bytes.length > 1) {
            bytes = java.util.Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length - 1));
        }
        return bytes;
    }

    /** The forms a careless server echoes a secret in; the test asserts none survives the mask. */
    static List<String> secretForms() {
        return SecretForms.of(USER, SECRET);
    }

    private String echo() {
        List<String> forms = secretForms();
        return forms.get(random.nextInt(forms.size()));
    }

    private String text() {
        return WORDS[random.nextInt(WORDS.length)] + (random.nextBoolean() ? " " + WORDS[random.nextInt(WORDS.length)] : "");
    }

    private static String head(String line) {
        return line.substring(0, Math.min(3, line.length()));
    }

    private static String tail(String line, int from) {
        return line.substring(Math.min(from, line.length()));
    }

    private static String replaceAt(String line, int at, String with) {
        return line.length() <= at ? line : line.substring(0, at) + with + line.substring(at + 1);
    }
}
