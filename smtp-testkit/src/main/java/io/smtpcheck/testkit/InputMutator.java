package io.smtpcheck.testkit;

import java.util.Random;

/**
 * Option values as careless users and hostile inputs write them, for fuzzing a client's input checks: control
 * characters (ESC sequences, BEL, NUL, CR, LF, NEL, the C1 CSI), line and bidi separators, digits that are not ASCII,
 * quotes and brackets, overlong runs, a leading {@code @} (a picocli {@code @file}) and numbers that overflow. One
 * seed, one sequence: a failure replays from its seed. Not thread-safe.
 */
public final class InputMutator {

    private static final String[] HOSTILE = {"\u001b[2J", "\u001b]0;owned\u0007", "\u0007", "\u007f", "\u0000", "\r", "\n", "\t", "\u0085",
            "\u009b31m", "\u2028", "\u2029", "\u202e", "\u2066", "\u3000", "\ufffd", "\ud800", "２", "٢", "@", "\"", ".", "..", "\\", " ", "-",
            "_", "<", ">", "[", "]", ":", "+", "é", "例"};

    private final Random random;

    public InputMutator(Random random) {
        this.random = random;
    }

    /** The value with one to three mutations. */
    public String mutate(String value) {
        StringBuilder v = new StringBuilder(value);
        for (int m = 1 + random.nextInt(3); m > 0; m--) {
            int at = random.nextInt(v.length() + 1);
            switch (random.nextInt(6)) {
                case 0, 1 -> v.insert(at, HOSTILE[random.nextInt(HOSTILE.length)]);
                case 2 -> {
                    if (at < v.length()) {
                        v.deleteCharAt(at);
                    }
                }
                case 3 -> v.insert(at, "a".repeat(random.nextBoolean() ? 64 : 40_000));
                case 4 -> v.insert(0, "@");
                default -> v.append(random.nextBoolean() ? "9223372036854775807" : "99999");
            }
        }
        return v.toString();
    }
}
