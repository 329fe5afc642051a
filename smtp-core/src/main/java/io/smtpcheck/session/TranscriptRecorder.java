package io.smtpcheck.session;

import org.apache.commons.net.ProtocolCommandEvent;
import org.apache.commons.net.ProtocolCommandListener;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Listens to Commons Net and writes the transcript. Secrets never reach it in clear: during AUTH every
 * argument the client sends is masked, and any line (a server may echo) is scrubbed of the password and
 * its base64 forms.
 */
final class TranscriptRecorder implements ProtocolCommandListener {

    static final String MASK = "********";
    /** Compiled once: String.split compiles a two-character separator anew on every reply. */
    private static final Pattern CRLF = Pattern.compile("\r\n", Pattern.LITERAL);

    private final long startNanos = System.nanoTime();
    private final List<Transcript.Line> lines = new ArrayList<>();
    private final Set<String> secrets = new LinkedHashSet<>();
    private volatile boolean maskClientArguments;
    private String lastReply;

    /** Registers a secret so that it, and its base64 encodings, are masked wherever they would appear. */
    void secret(String username, String secret) {
        secrets.add(secret);
        Base64.Encoder b64 = Base64.getEncoder();
        secrets.add(b64.encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        secrets.add(b64.encodeToString(("\0" + username + "\0" + secret).getBytes(StandardCharsets.UTF_8)));
        secrets.add(b64.encodeToString((username + "\0" + username + "\0" + secret).getBytes(StandardCharsets.UTF_8)));
        secrets.add(b64.encodeToString(("user=" + username + "\u0001auth=Bearer " + secret + "\u0001\u0001").getBytes(StandardCharsets.UTF_8)));
    }

    /** While on, the client's command arguments and continuation lines are shown as {@link #MASK}. */
    void maskClientArguments(boolean on) {
        maskClientArguments = on;
    }

    synchronized void note(String text) {
        add(Transcript.Direction.NOTE, text);
    }

    synchronized void client(String text) {
        add(Transcript.Direction.CLIENT, text);
    }

    @Override
    public synchronized void protocolCommandSent(ProtocolCommandEvent event) {
        String sent = event.getMessage().stripTrailing();
        add(Transcript.Direction.CLIENT, maskClientArguments ? masked(sent) : sent);
    }

    synchronized void server(String text) {
        add(Transcript.Direction.SERVER, text);
    }

    /** The last complete reply Commons Net reported, as it reported it (lines joined with CRLF). */
    synchronized String lastReply() {
        return lastReply;
    }

    @Override
    public synchronized void protocolReplyReceived(ProtocolCommandEvent event) {
        lastReply = event.getMessage();
        for (String line : CRLF.split(event.getMessage())) {
            if (!line.isEmpty()) {
                add(Transcript.Direction.SERVER, line);
            }
        }
    }

    synchronized Transcript transcript() {
        return new Transcript(lines);
    }

    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000L;
    }

    private void add(Transcript.Direction direction, String text) {
        lines.add(new Transcript.Line(elapsedMillis(), direction, Transcript.printable(scrub(text))));
    }

    /** "AUTH PLAIN dXNlcg..." keeps the verb and mechanism; a bare SASL response is masked whole. */
    private static String masked(String sent) {
        String[] words = sent.split(" ");
        if (words[0].toUpperCase(Locale.ROOT).equals("AUTH")) {
            return words.length <= 2 ? sent : words[0] + " " + words[1] + " " + MASK;
        }
        return MASK;
    }

    /** The text with every registered secret form replaced by {@link #MASK}. */
    String scrub(String text) {
        String out = text;
        for (String s : secrets) {
            if (!s.isEmpty()) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }
}
