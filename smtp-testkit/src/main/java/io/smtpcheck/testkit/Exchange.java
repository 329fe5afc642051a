package io.smtpcheck.testkit;

import java.io.IOException;

/** What an {@link Action} may do to the connection it runs on; implemented by the server's connection handler. */
interface Exchange {

    /** Buffers bytes for the client; counts them towards the session's bytes written. */
    void write(byte[] bytes, int offset, int length) throws IOException;

    default void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    void flush() throws IOException;

    /** Reports an event to the server's transcript listener. */
    void log(String event);

    /** Waits for the client's next byte and drops it (the server's idle timeout bounds the wait). */
    void awaitClientByte() throws IOException;

    /** Reads (and records) whatever the client sends, without answering, until it disconnects or the server stops. */
    void awaitClientGone() throws IOException;
}
