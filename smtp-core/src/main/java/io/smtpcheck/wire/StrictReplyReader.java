package io.smtpcheck.wire;

import io.smtpcheck.classify.LimitExceededException;
import io.smtpcheck.redact.SecretMask;
import io.smtpcheck.text.Printable;
import org.apache.commons.net.smtp.SMTPConnectionClosedException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads replies byte by byte as RFC 5321 section 4.2 writes them, and nothing else:
 * {@code Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF}, with
 * {@code Reply-code = %x32-35 %x30-35 %x30-39}. Each line starts with three ASCII digits followed by a space, a hyphen
 * or the line end (a bare code is a legal last line); every line of a reply has the same code. A line ending in LF
 * alone is read (and reported in {@link WireReply#lfOnly()}) rather than waited on. The text after the separator is
 * not judged: it is decoded with the connection's charset, and escaped wherever it is shown.
 *
 * <p>Bounds: a line longer than {@code maxLineLength} octets (without its line end) or a reply of more than
 * {@code maxReplyLines} lines ends reading with a {@link LimitExceededException}, before the rest is buffered.
 * Not thread-safe: one reader per connection stream, used by the thread that runs the session.
 */
public final class StrictReplyReader {

    /** Longest excerpt of an offending line quoted in an error. */
    static final int QUOTE_LIMIT = 200;

    private final InputStream in;
    private final Charset charset;
    private final int maxLineLength;
    private final int maxReplyLines;
    private SecretMask mask = SecretMask.NONE;
    private final byte[] buf;
    private int pos;
    private int limit;
    private final List<String> lines = new ArrayList<>();

    public StrictReplyReader(InputStream in, Charset charset, int maxLineLength, int maxReplyLines) {
        this.in = in;
        this.charset = charset;
        this.maxLineLength = maxLineLength;
        this.maxReplyLines = maxReplyLines;
        // One line and its CRLF always fit, so a line is judged whole or refused by its length.
        this.buf = new byte[Math.max(8192, maxLineLength + 2)];
    }

    /** The secrets masked in the lines quoted by errors; AUTH adds the response it sent as it goes. */
    public void mask(SecretMask secretMask) {
        this.mask = secretMask;
    }

    /** The stream this reader reads; a connection that changed streams (TLS) needs a new reader. */
    public InputStream source() {
        return in;
    }

    /**
     * Reads one complete reply.
     *
     * @throws ReplySyntaxException          for a line of another shape, or one cut off by the end of the stream
     * @throws LimitExceededException        for a line or a reply over its bound
     * @throws SMTPConnectionClosedException when the stream ends before the reply (or between its lines)
     */
    public WireReply read() throws IOException {
        lines.clear();
        int code = -1;
        boolean lfOnly = false;
        while (true) {
            int lf = nextLineFeed();
            int end = lf > pos && buf[lf - 1] == '\r' ? lf - 1 : lf;
            lfOnly |= end == lf;
            int length = end - pos;
            if (length > maxLineLength) {
                throw new LimitExceededException(LimitExceededException.Limit.LINE_LENGTH, maxLineLength);
            }
            String line = new String(buf, pos, length, charset);
            if (length < 3 || !isCode(buf[pos], buf[pos + 1], buf[pos + 2])) {
                throw violation(ReplySyntaxException.Rule.NOT_A_CODE, line);
            }
            boolean last = length == 3 || buf[pos + 3] == ' ';
            if (!last && buf[pos + 3] != '-') {
                throw violation(ReplySyntaxException.Rule.BAD_SEPARATOR, line);
            }
            int lineCode = (buf[pos] - '0') * 100 + (buf[pos + 1] - '0') * 10 + (buf[pos + 2] - '0');
            if (code >= 0 && lineCode != code) {
                throw violation(ReplySyntaxException.Rule.CODE_CHANGED, line);
            }
            if (lines.size() == maxReplyLines) {
                throw new LimitExceededException(LimitExceededException.Limit.REPLY_LINES, maxReplyLines);
            }
            code = lineCode;
            lines.add(line);
            pos = lf + 1;
            if (last) {
                return new WireReply(code, lines, lfOnly);
            }
        }
    }

    /** The lines of the reply being read (or the last one read), so an unfinished reply can still be shown. */
    public List<String> linesSoFar() {
        return List.copyOf(lines);
    }

    /**
     * True when bytes have arrived that no reply read so far accounts for. Called before a command is written,
     * whatever is there came before the command and cannot be its reply.
     */
    public boolean hasUnreadInput() throws IOException {
        return limit > pos || in.available() > 0;
    }

    /** The first line of what has arrived unread, without waiting for more; raw (not escaped), for the caller to judge. */
    public String peekUnread() throws IOException {
        int available = Math.min(in.available(), buf.length - (limit - pos));
        if (available > 0) {
            compact();
            int n = in.read(buf, limit, available);
            if (n > 0) {
                limit += n;
            }
        }
        int end = pos;
        while (end < limit && buf[end] != '\n' && end - pos < QUOTE_LIMIT) {
            end++;
        }
        if (end > pos && end < limit && buf[end] == '\n' && buf[end - 1] == '\r') {
            end--;
        }
        return new String(buf, pos, end - pos, charset);
    }

    /** The offending line as an error shows it: masked, then escaped, and cut to {@value #QUOTE_LIMIT} characters. */
    public String quote(String line) {
        String shown = Printable.escape(mask.scrub(line));
        return shown.length() <= QUOTE_LIMIT ? shown : shown.substring(0, QUOTE_LIMIT) + "...";
    }

    private ReplySyntaxException violation(ReplySyntaxException.Rule rule, String line) {
        return new ReplySyntaxException(rule, quote(line), lines.isEmpty() ? "" : "(line " + (lines.size() + 1) + " of a " + lines.get(0).substring(0, 3) + " reply)");
    }

    /** Index of the next LF, reading as needed; a line that outgrows the bound is refused before its end arrives. */
    private int nextLineFeed() throws IOException {
        int scanned = pos;
        while (true) {
            for (int i = scanned; i < limit; i++) {
                if (buf[i] == '\n') {
                    return i;
                }
            }
            scanned = limit;
            if (limit - pos > maxLineLength + 1) {
                throw new LimitExceededException(LimitExceededException.Limit.LINE_LENGTH, maxLineLength);
            }
            if (limit == buf.length) {
                scanned -= pos;
                compact();
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                if (limit > pos) {
                    String partial = new String(buf, pos, limit - pos, charset);
                    pos = limit;
                    throw violation(ReplySyntaxException.Rule.UNTERMINATED, partial);
                }
                throw new SMTPConnectionClosedException("Connection closed without indication.");
            }
            limit += n;
        }
    }

    private void compact() {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
    }

    private static boolean isCode(byte a, byte b, byte c) {
        return a >= '2' && a <= '5' && b >= '0' && b <= '5' && c >= '0' && c <= '9';
    }
}
