package io.smtpcheck.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One thing the scripted server does at a point of the conversation: on connect (the banner) or in answer to a
 * command. Immutable and reusable across connections and servers.
 *
 * <p>Every behaviour is bounded: endless and garbage output stop after {@link #WRITE_CAP} bytes, when the client
 * disconnects, or when the server is closed. {@link #toString()} returns the {@link #parse(String)} spec of the
 * action, so actions round-trip through their textual form (except reply lines that themselves contain {@code |}).
 */
public final class Action {

    /** Upper bound of bytes written by one endless or garbage action (16 MiB). */
    public static final int WRITE_CAP = 16 << 20;

    /** Size of {@code garbage} when the spec gives none. */
    public static final int DEFAULT_GARBAGE = 256;

    private static final Random RANDOM = new SecureRandom();
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m)");
    private static final Pattern REPLY_CODE = Pattern.compile("(\\d{3})([ -].*)?", Pattern.DOTALL);

    /** The work itself; returns whether the conversation goes on (false closes the connection). */
    @FunctionalInterface
    interface Step {
        boolean run(Exchange exchange) throws IOException, InterruptedException;
    }

    private final String spec;
    private final int finalCode;
    private final Step step;

    private Action(String spec, int finalCode, Step step) {
        this.spec = spec;
        this.finalCode = finalCode;
        this.step = step;
    }

    /** Sends each line followed by CRLF, in one flush (so multi-line replies arrive together). */
    public static Action reply(String... lines) {
        List<String> copy = lines(lines);
        return new Action("reply:" + String.join("|", copy), codeOf(copy), x -> {
            writeLines(x, copy);
            return true;
        });
    }

    /** Sends the lines, then closes the connection (as a server does after a 421). */
    public static Action replyThenClose(String... lines) {
        List<String> copy = lines(lines);
        return new Action("reply-close:" + String.join("|", copy), codeOf(copy), x -> {
            writeLines(x, copy);
            return false;
        });
    }

    /** Waits, then performs {@code then}. */
    public static Action delay(Duration delay, Action then) {
        requireNonNegative(delay);
        Objects.requireNonNull(then, "then");
        return new Action("delay:" + format(delay) + ":" + then.spec, then.finalCode, x -> {
            x.log("[delay " + format(delay) + "]");
            x.flush();
            Thread.sleep(delay.toMillis());
            return then.step.run(x);
        });
    }

    /** Sends the lines (each + CRLF) one byte at a time, waiting {@code perByte} between bytes: a slow server. */
    public static Action drip(Duration perByte, String... lines) {
        requireNonNegative(perByte);
        List<String> copy = lines(lines);
        byte[] bytes = joinCrlf(copy);
        return new Action("drip:" + format(perByte) + ":" + String.join("|", copy), codeOf(copy), x -> {
            copy.forEach(line -> x.log("S: " + line + "  [drip " + format(perByte) + "/byte]"));
            for (int i = 0; i < bytes.length; i++) {
                if (i > 0) {
                    Thread.sleep(perByte.toMillis());
                }
                x.write(bytes, i, 1);
                x.flush();
            }
            return true;
        });
    }

    /** Closes the connection without a word. */
    public static Action close() {
        return new Action("close", -1, x -> {
            x.log("[close]");
            return false;
        });
    }

    /** Never answers; keeps the connection open until the client goes, the idle timeout hits or the server stops. */
    public static Action silence() {
        return new Action("silence", -1, x -> {
            x.log("[silence]");
            x.flush();
            x.awaitClientGone();
            return false;
        });
    }

    /** Writes {@code "220 "} and then {@code 'a'} without ever ending the line, up to {@link #WRITE_CAP} bytes in all. */
    public static Action endlessLine() {
        return new Action("endless-line", -1, x -> {
            x.log("[endless-line]");
            byte[] head = "220 ".getBytes(StandardCharsets.US_ASCII);
            byte[] chunk = new byte[8192];
            Arrays.fill(chunk, (byte) 'a');
            x.write(head);
            writeRepeated(x, chunk, WRITE_CAP - head.length);
            return false;
        });
    }

    /** Writes {@code 250-aaaa…} continuation lines that never reach a last line, up to {@link #WRITE_CAP} bytes. */
    public static Action endlessMultiline() {
        return new Action("endless-multiline", -1, x -> {
            x.log("[endless-multiline]");
            byte[] line = ("250-" + "a".repeat(74) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] chunk = new byte[line.length * 100];
            for (int i = 0; i < 100; i++) {
                System.arraycopy(line, 0, chunk, i * line.length, line.length);
            }
            writeRepeated(x, chunk, WRITE_CAP);
            return false;
        });
    }

    /** Sends exactly these bytes; the conversation goes on. */
    public static Action raw(byte[] bytes) {
        return raw("raw:", bytes, true);
    }

    /** Sends exactly these bytes, then closes the connection: a reply cut off, or bytes after which nothing comes. */
    public static Action rawThenClose(byte[] bytes) {
        return raw("raw-close:", bytes, false);
    }

    private static Action raw(String keyword, byte[] bytes, boolean goOn) {
        byte[] copy = bytes.clone();
        return new Action(keyword + Base64.getEncoder().encodeToString(copy), -1, x -> {
            x.log("[raw " + copy.length + " bytes" + (goOn ? "]" : ", then close]"));
            x.write(copy);
            x.flush();
            return goOn;
        });
    }

    /**
     * Sends {@code n} random bytes (fresh on every run), always including CR, LF and NUL when {@code n >= 3};
     * the conversation goes on.
     */
    public static Action garbage(int n) {
        if (n < 1 || n > WRITE_CAP) {
            throw new IllegalArgumentException("garbage size must be 1.." + WRITE_CAP + ", got " + n);
        }
        return new Action("garbage:" + n, -1, x -> {
            x.log("[garbage " + n + " bytes]");
            x.write(randomGarbage(n));
            x.flush();
            return true;
        });
    }

    /** Answers as an HTTP server answers a request it cannot parse, then closes: an HTTP server on the SMTP port. */
    public static Action http() {
        String body = "<html><body><h1>400 Bad Request</h1></body></html>\r\n";
        String response = "HTTP/1.1 400 Bad Request\r\n"
                + "Server: smtp-testkit\r\n"
                + "Content-Type: text/html\r\n"
                + "Content-Length: " + body.length() + "\r\n"
                + "Connection: close\r\n"
                + "\r\n"
                + body;
        byte[] bytes = response.getBytes(StandardCharsets.US_ASCII);
        return new Action("http", -1, x -> {
            x.log("[http 400 response]");
            x.write(bytes);
            x.flush();
            return false;
        });
    }

    /**
     * A broken STARTTLS: replies {@code 220 2.0.0 Ready to start TLS}, then answers the client's first handshake
     * bytes with plain text and closes. It waits for them so the text can only be read as the handshake: sent with
     * the 220, it would be text injected before the handshake, which a strict client rejects before any TLS.
     */
    public static Action startTlsThenGarbage() {
        byte[] junk = "*** this is not a TLS handshake ***\r\n".getBytes(StandardCharsets.US_ASCII);
        return new Action("starttls-garbage", 220, x -> {
            writeLines(x, List.of("220 2.0.0 Ready to start TLS"));
            x.awaitClientByte();
            x.log("[non-TLS bytes instead of handshake]");
            x.write(junk);
            x.flush();
            return false;
        });
    }

    /**
     * Parses the textual form used by the CLI. Forms (keywords are case-insensitive; reply lines are separated
     * by {@code |}; durations are {@code 500ms}, {@code 2s}, {@code 1m} or ISO-8601 such as {@code PT1.5S}):
     * <pre>
     * 250 2.1.5 Ok                     shorthand for reply: a spec that starts with a 3-digit code
     * reply:250-first|250 last         reply lines
     * reply-close:421 4.3.2 Bye        reply lines, then close
     * close | silence | http | starttls-garbage | endless-line | endless-multiline
     * garbage  or  garbage:1024        random bytes (default 256)
     * drip:100ms:220 slow banner       lines sent one byte at a time
     * delay:5s:250 ok                  wait, then the rest (any spec, e.g. delay:5s:close)
     * raw:SGVsbG8NCg==                 base64 of the exact bytes
     * raw-close:MjUwIDIu               base64 of the exact bytes, then close
     * </pre>
     *
     * @throws IllegalArgumentException with a hint at the valid forms when the spec is malformed
     */
    public static Action parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.isBlank()) {
            throw invalid(spec, "empty action");
        }
        if (REPLY_CODE.matcher(spec).matches()) {
            return reply(spec.split("\\|", -1));
        }
        int colon = spec.indexOf(':');
        String keyword = (colon < 0 ? spec : spec.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
        String argument = colon < 0 ? null : spec.substring(colon + 1);
        switch (keyword) {
            case "reply":
                return reply(requireArgument(spec, keyword, argument).split("\\|", -1));
            case "reply-close":
                return replyThenClose(requireArgument(spec, keyword, argument).split("\\|", -1));
            case "close":
                return noArgument(spec, keyword, argument, close());
            case "silence":
                return noArgument(spec, keyword, argument, silence());
            case "http":
                return noArgument(spec, keyword, argument, http());
            case "starttls-garbage":
                return noArgument(spec, keyword, argument, startTlsThenGarbage());
            case "endless-line":
                return noArgument(spec, keyword, argument, endlessLine());
            case "endless-multiline":
                return noArgument(spec, keyword, argument, endlessMultiline());
            case "garbage":
                return argument == null ? garbage(DEFAULT_GARBAGE) : garbage(parseSize(spec, argument));
            case "raw":
                return raw(parseBase64(spec, requireArgument(spec, keyword, argument)));
            case "raw-close":
                return rawThenClose(parseBase64(spec, requireArgument(spec, keyword, argument)));
            case "drip": {
                String[] parts = splitDuration(spec, keyword, argument);
                return drip(parseDuration(spec, parts[0]), parts[1].split("\\|", -1));
            }
            case "delay": {
                String[] parts = splitDuration(spec, keyword, argument);
                return delay(parseDuration(spec, parts[0]), parse(parts[1]));
            }
            default:
                throw invalid(spec, "unknown action '" + keyword + "'");
        }
    }

    /** The reply code of the last line this action sends, or -1 when it sends no SMTP reply. */
    int finalCode() {
        return finalCode;
    }

    Step step() {
        return step;
    }

    @Override
    public String toString() {
        return spec;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Action && ((Action) other).spec.equals(spec);
    }

    @Override
    public int hashCode() {
        return spec.hashCode();
    }

    private static List<String> lines(String... lines) {
        Objects.requireNonNull(lines, "lines");
        if (lines.length == 0) {
            throw new IllegalArgumentException("a reply needs at least one line");
        }
        return List.of(lines); // rejects null lines
    }

    private static int codeOf(List<String> lines) {
        Matcher m = REPLY_CODE.matcher(lines.get(lines.size() - 1));
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static byte[] joinCrlf(List<String> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append("\r\n"));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeLines(Exchange x, List<String> lines) throws IOException {
        lines.forEach(line -> x.log("S: " + line));
        x.write(joinCrlf(lines));
        x.flush();
    }

    private static void writeRepeated(Exchange x, byte[] chunk, int total) throws IOException {
        for (int left = total; left > 0; left -= chunk.length) {
            x.write(chunk, 0, Math.min(chunk.length, left));
        }
        x.flush();
    }

    private static byte[] randomGarbage(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        if (n >= 3) {
            // Guarantee the bytes that break line-oriented parsers, wherever they land.
            int at = RANDOM.nextInt(n - 2);
            bytes[at] = '\r';
            bytes[at + 1] = '\n';
            bytes[at + 2] = 0;
        }
        return bytes;
    }

    private static void requireNonNegative(Duration d) {
        Objects.requireNonNull(d, "duration");
        if (d.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: " + d);
        }
    }

    /** Short form when exact ({@code 2s}, {@code 150ms}), so that parse(toString()) round-trips. */
    private static String format(Duration d) {
        long millis = d.toMillis();
        if (Duration.ofMillis(millis).equals(d)) {
            return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
        }
        return d.toString();
    }

    private static Duration parseDuration(String spec, String text) {
        Matcher m = SHORT_DURATION.matcher(text.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms":
                    return Duration.ofMillis(n);
                case "s":
                    return Duration.ofSeconds(n);
                default:
                    return Duration.ofMinutes(n);
            }
        }
        try {
            Duration d = Duration.parse(text.strip());
            requireNonNegative(d);
            return d;
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw invalid(spec, "bad duration '" + text + "' (use e.g. 500ms, 2s, 1m or PT1.5S)");
        }
    }

    private static String[] splitDuration(String spec, String keyword, String argument) {
        String arg = requireArgument(spec, keyword, argument);
        int colon = arg.indexOf(':');
        if (colon < 0 || colon == arg.length() - 1) {
            throw invalid(spec, keyword + " needs a duration and what to send, e.g. " + keyword + ":2s:220 hello");
        }
        return new String[] {arg.substring(0, colon), arg.substring(colon + 1)};
    }

    private static int parseSize(String spec, String text) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1 && n <= WRITE_CAP) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(spec, "garbage size must be a number from 1 to " + WRITE_CAP);
    }

    private static byte[] parseBase64(String spec, String text) {
        try {
            return Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw invalid(spec, "raw needs base64 bytes: " + e.getMessage());
        }
    }

    private static String requireArgument(String spec, String keyword, String argument) {
        if (argument == null || argument.isEmpty()) {
            throw invalid(spec, keyword + " needs an argument after ':'");
        }
        return argument;
    }

    private static Action noArgument(String spec, String keyword, String argument, Action action) {
        if (argument != null) {
            throw invalid(spec, keyword + " takes no argument");
        }
        return action;
    }

    private static IllegalArgumentException invalid(String spec, String problem) {
        return new IllegalArgumentException("Invalid action spec '" + spec + "': " + problem + ". Valid forms: "
                + "'250 text' (reply shorthand), 'reply:250-a|250 b', 'reply-close:421 bye', 'close', 'silence', "
                + "'drip:100ms:220 banner', 'delay:5s:<spec>', 'endless-line', 'endless-multiline', "
                + "'garbage[:n]', 'raw:<base64>', 'raw-close:<base64>', 'http', 'starttls-garbage'");
    }
}
