package io.smtpcheck.session;

import io.smtpcheck.redact.SecretMask;
import io.smtpcheck.text.Printable;
import io.smtpcheck.wire.StrictSmtpClient;
import org.apache.commons.net.ProtocolCommandEvent;
import org.apache.commons.net.ProtocolCommandListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Listens to Commons Net and writes the transcript. Secrets never reach it in clear: during AUTH every
 * argument the client sends is masked, and any line (a server may echo) is scrubbed of every form of the secret
 * {@link SecretMask} knows, the SASL responses sent so far included.
 */
final class TranscriptRecorder implements ProtocolCommandListener {

    /** Compiled once: String.split compiles a two-character separator anew on every reply. */
    private static final Pattern CRLF = Pattern.compile("\r\n", Pattern.LITERAL);

    private final long startNanos = System.nanoTime();
    private final List<Transcript.Line> lines = new ArrayList<>();
    private volatile SecretMask mask = SecretMask.NONE;
    private volatile boolean maskClientArguments;
    private String lastReply;

    /** Registers a secret so that it, and every encoding a server could echo it in, is masked wherever it would appear. */
    void secret(String username, String secret) {
        mask = SecretMask.of(username, secret);
    }

    /** The forms masked so far, for the client's strict reader, which quotes server lines in its errors. */
    SecretMask mask() {
        return mask;
    }

    /** While on, the client's command arguments and continuation lines are shown as {@link SecretMask#MASK}. */
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
        if (maskClientArguments && carriesResponse(sent)) {
            // A SASL response (the CRAM-MD5 digest, a PLAIN blob) is a secret form too, should the server echo it.
            mask = mask.withSent(sent);
            // Commons Net fires this after the write and before reading the reply, whose errors then mask it as well.
            if (event.getSource() instanceof StrictSmtpClient client) {
                client.mask(mask);
            }
        }
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
        if (event.getSource() instanceof StrictSmtpClient client && client.lastWireReply() != null && client.lastWireReply().lfOnly()) {
            add(Transcript.Direction.NOTE, TranscriptNotes.LF_ONLY);
        }
    }

    synchronized Transcript transcript() {
        return new Transcript(lines);
    }

    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000L;
    }

    private void add(Transcript.Direction direction, String text) {
        lines.add(new Transcript.Line(elapsedMillis(), direction, Printable.escape(scrub(text))));
    }

    /** "AUTH PLAIN dXNlcg..." keeps the verb and mechanism; a bare SASL response is masked whole. */
    private static String masked(String sent) {
        String[] words = sent.split(" ");
        if (words[0].toUpperCase(Locale.ROOT).equals("AUTH")) {
            return words.length <= 2 ? sent : words[0] + " " + words[1] + " " + SecretMask.MASK;
        }
        return SecretMask.MASK;
    }

    /** Whether the line carries a SASL response: not "AUTH LOGIN", whose mechanism name is no secret form. */
    private static boolean carriesResponse(String sent) {
        String[] words = sent.split(" ");
        return !words[0].equalsIgnoreCase("AUTH") || words.length > 2;
    }

    /** The text with every secret form replaced by {@link SecretMask#MASK}. */
    String scrub(String text) {
        return mask.scrub(text);
    }
}
