package io.smtpcheck.wire;

import io.smtpcheck.redact.SecretMask;
import io.smtpcheck.request.Limits;
import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.apache.commons.net.smtp.SMTPConnectionClosedException;
import org.apache.commons.net.smtp.SMTPReply;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Commons Net's SMTP client with every reply read by a {@link StrictReplyReader}, before and after TLS, and every
 * reply paired with its command.
 *
 * <p>Why here: Commons Net 3.12 keeps its line reader in the package-private field {@code SMTP.reader}, created in
 * {@code SMTP._connectAction_()} and again in the private {@code SMTPSClient.performSSLNegotiation()}, and parses
 * leniently in {@code SMTP.getReply()} (any three characters {@code Integer.parseInt} takes, a reply ends at the
 * first line whose fourth character is not a hyphen, the last line at end of stream counts as a line). Its public
 * {@code getReply()}, {@code getReplyCode()}, {@code getReplyString()} and {@code getReplyStrings()} are what all of
 * its commands, {@code execTLS()} and {@code auth()} go through, so overriding them puts the strict reader under
 * everything; it reads {@code _input_}, which TLS replaces by the SSLSocket's stream, and follows that change.
 * Commons Net's own reader is never read from, so no byte is buffered where this class cannot see it.
 *
 * <p>Pairing: this client sends one command and reads its reply (no pipelining), so bytes that have arrived before a
 * command is written cannot be its reply. They are looked for after every reply (what came with it) and again
 * before every command, the message body and the TLS handshake: {@link ReplySyntaxException.Rule#UNSOLICITED}. An
 * unsolicited {@code 421} is the exception RFC 5321 section 3.8 makes: it is read as the reply that closes the
 * session, as Commons Net reports a 421.
 */
public class StrictSmtpClient extends AuthenticatingSMTPClient {

    private static final Set<String> VERBS = Set.of("EHLO", "HELO", "STARTTLS", "AUTH", "MAIL", "RCPT", "DATA", "BDAT", "RSET",
            "NOOP", "QUIT", "VRFY", "EXPN", "HELP");

    private final Charset charset = StandardCharsets.UTF_8;
    private final int maxLineLength;
    private final int maxReplyLines;
    private SecretMask mask = SecretMask.NONE;
    private StrictReplyReader wire;
    private WireReply last;
    private int code;
    private List<String> replyLines = List.of();
    private String replyString;
    /** The verb of the command whose reply is due, for error messages. */
    private String pending = "";

    /**
     * @param implicitTls TLS from the first byte (port 465) rather than STARTTLS
     * @param limits      the line length and lines per reply applied to every reply
     */
    public StrictSmtpClient(boolean implicitTls, Limits limits) {
        // UTF-8 rather than Commons Net's ISO-8859-1: SMTPUTF8 servers send UTF-8 text; bytes that are not UTF-8 become U+FFFD.
        super("TLS", implicitTls, "UTF-8");
        this.maxLineLength = limits.maxLineLength();
        this.maxReplyLines = limits.maxReplyLines();
    }

    /** Secrets to mask in the lines quoted by errors; call again with {@link SecretMask#withSent} as AUTH goes on. */
    public void mask(SecretMask secretMask) {
        this.mask = secretMask;
        if (wire != null) {
            wire.mask(secretMask);
        }
    }

    /** The last complete reply as the reader accepted it (lines as received, LF-only flag); null before the banner. */
    public WireReply lastWireReply() {
        return last;
    }

    @Override
    public int getReply() throws IOException {
        StrictReplyReader reader = reader();
        String command = pending;
        pending = "";
        replyString = null;
        WireReply reply;
        try {
            reply = reader.read();
        } catch (IOException e) {
            // As Commons Net leaves them: the lines read so far, for the caller to show an unfinished reply.
            replyLines = reader.linesSoFar();
            if (!replyLines.isEmpty()) {
                code = Integer.parseInt(replyLines.get(0).substring(0, 3));
            }
            throw e;
        }
        accept(reply);
        if (code == SMTPReply.SERVICE_NOT_AVAILABLE) {
            throw new SMTPConnectionClosedException("SMTP response 421 received.  Server closed connection.");
        }
        // Nothing may follow a reply until the next command: what came with it was not asked for (TLS included).
        requireNothingUnread(command.isEmpty() ? "after a reply" : "after the reply to " + command);
        return code;
    }

    @Override
    public int getReplyCode() {
        return code;
    }

    @Override
    public String getReplyString() {
        if (replyString == null) {
            StringBuilder text = new StringBuilder();
            replyLines.forEach(l -> text.append(l).append("\r\n"));
            replyString = text.toString();
        }
        return replyString;
    }

    @Override
    public String[] getReplyStrings() {
        return replyLines.toArray(String[]::new);
    }

    @Override
    public int sendCommand(String command, String args) throws IOException {
        beforeCommand(command);
        return super.sendCommand(command, args);
    }

    /** MAIL and RCPT reach Commons Net's private sendCommand directly, past {@link #sendCommand(String, String)}. */
    @Override
    public int mail(String reversePath) throws IOException {
        beforeCommand("MAIL");
        return super.mail(reversePath);
    }

    @Override
    public int rcpt(String forwardPath) throws IOException {
        beforeCommand("RCPT");
        return super.rcpt(forwardPath);
    }

    /** The message body is the command whose reply comes next: nothing may arrive between the 354 and it. */
    @Override
    public Writer sendMessageData() throws IOException {
        Writer body = super.sendMessageData();
        if (body != null) {
            requireNothingUnread("before the message body was sent");
            pending = "the message body";
        }
        return body;
    }

    @Override
    public void disconnect() throws IOException {
        wire = null;
        super.disconnect();
    }

    private void beforeCommand(String command) throws IOException {
        if (_input_ != null) {
            requireNothingUnread("before " + command + " was sent");
        }
        // Only a known verb is named: any other line is a SASL response, and quoting it would show the secret.
        String verb = command.strip().toUpperCase(Locale.ROOT);
        pending = VERBS.contains(verb) ? verb : "a continuation line";
    }

    private void requireNothingUnread(String context) throws IOException {
        StrictReplyReader reader = reader();
        if (!reader.hasUnreadInput()) {
            return;
        }
        String line = reader.peekUnread();
        if (line.startsWith("421")) {
            accept(reader.read());
            throw new SMTPConnectionClosedException("SMTP response 421 received.  Server closed connection.");
        }
        throw new ReplySyntaxException(ReplySyntaxException.Rule.UNSOLICITED, reader.quote(line), context);
    }

    private void accept(WireReply reply) {
        last = reply;
        code = reply.code();
        replyLines = reply.commonsNetLines();
        replyString = null;
        fireReplyReceived(code, getReplyString());
    }

    /** The reader of the current stream: a new one once TLS has replaced {@code _input_}. */
    private StrictReplyReader reader() {
        if (wire == null || wire.source() != _input_) {
            wire = new StrictReplyReader(_input_, charset, maxLineLength, maxReplyLines);
            wire.mask(mask);
        }
        return wire;
    }
}
