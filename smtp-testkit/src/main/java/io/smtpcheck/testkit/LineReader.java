package io.smtpcheck.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads CRLF (or bare LF) terminated lines with a length cap, so a hostile client cannot exhaust memory. */
final class LineReader {

    /** Thrown when a line exceeds the cap; the rest of the line is not read. */
    static final class LineTooLongException extends IOException {
        LineTooLongException(int max) {
            super("line longer than " + max + " bytes");
        }
    }

    private final InputStream in;
    private final byte[] buffer;

    LineReader(InputStream in, int maxLength) {
        this.in = in;
        this.buffer = new byte[maxLength];
    }

    /** The next line without its terminator; a final unterminated line counts; null at end of stream. */
    String readLine() throws IOException {
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return length == 0 ? null : decode(length);
            }
            if (b == '\n') {
                return decode(length > 0 && buffer[length - 1] == '\r' ? length - 1 : length);
            }
            if (length == buffer.length) {
                throw new LineTooLongException(buffer.length);
            }
            buffer[length++] = (byte) b;
        }
    }

    /** The next byte, or -1 at end of stream. */
    int read() throws IOException {
        return in.read();
    }

    private String decode(int length) {
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }
}
