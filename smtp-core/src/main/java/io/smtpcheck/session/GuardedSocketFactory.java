package io.smtpcheck.session;

import io.smtpcheck.classify.DeadlineExceededException;
import io.smtpcheck.classify.LimitExceededException;
import io.smtpcheck.request.Limits;

import javax.net.SocketFactory;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Makes the sockets Commons Net connects with. Every read goes through a guard that bounds the wait by
 * the reply timeout and the session deadline, and counts the bytes: a server that drips one byte at a
 * time or never stops talking is cut off here. A TLS socket layered on top reads through the same guard.
 * Writes cannot time out in Java, so a watchdog closes the socket when the deadline runs out: a server that
 * stops reading (its window full during DATA) cannot hold the check past its deadline either. The watchdog is
 * armed only once a write could block or a TLS handshake starts, which keeps a plain probe from waking its thread at all.
 */
final class GuardedSocketFactory extends SocketFactory {

    /**
     * Bytes a session may write before a write could block: Linux's smallest TCP send buffer (tcp_wmem min), to
     * which the peer's receive buffer adds. Commands stay below it unless the server stops reading for long.
     */
    private static final long UNBLOCKABLE_BYTES = 4096;

    /** Closes sockets whose session deadline ran out; one daemon thread for all sessions. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "smtp-check-deadline");
        t.setDaemon(true);
        return t;
    });

    static {
        WATCHDOG.setRemoveOnCancelPolicy(true);
    }

    private final Limits limits;
    private final Deadline deadline;
    private volatile GuardedSocket last;

    GuardedSocketFactory(Limits limits, Deadline deadline) {
        this.limits = limits;
        this.deadline = deadline;
    }

    /** The socket of the current connection attempt; tells whether TCP got connected. */
    GuardedSocket lastSocket() {
        return last;
    }

    @Override
    public Socket createSocket() {
        GuardedSocket socket = new GuardedSocket();
        last = socket;
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) {
        throw new UnsupportedOperationException("connect through createSocket() so the connect timeout applies");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
        throw new UnsupportedOperationException("connect through createSocket() so the connect timeout applies");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
        throw new UnsupportedOperationException("connect through createSocket() so the connect timeout applies");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
        throw new UnsupportedOperationException("connect through createSocket() so the connect timeout applies");
    }

    final class GuardedSocket extends Socket {
        private volatile boolean tcpConnected;
        private volatile boolean expired;
        private volatile ScheduledFuture<?> watchdog;
        /** Written by the session's thread only. */
        private long bytesWritten;
        private InputStream guarded;
        private OutputStream guardedOut;

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            Deadline.Bounded bound = deadline.bound(limits.connectTimeout());
            try {
                super.connect(endpoint, bound.millis());
            } catch (SocketTimeoutException e) {
                if (bound.byDeadline()) {
                    throw (IOException) new DeadlineExceededException(deadline.total()).initCause(e);
                }
                throw e;
            }
            // Small commands must not wait for Nagle's algorithm to coalesce them.
            setTcpNoDelay(true);
            tcpConnected = true;
        }

        /**
         * Checks the deadline before a write and arms the watchdog before the first write that could block. Arming
         * it for every connection cost a wake-up of its thread per probe (schedule and cancel), for writes that fit.
         */
        void beforeWrite(int len) throws DeadlineExceededException {
            int left = deadline.remainingMillisOrThrow();
            bytesWritten += len;
            if (watchdog == null && bytesWritten > UNBLOCKABLE_BYTES) {
                watchdog = WATCHDOG.schedule(this::expire, left, TimeUnit.MILLISECONDS);
                if (isClosed()) {
                    watchdog.cancel(false);
                }
            }
        }

        /**
         * Before a TLS handshake: whatever it does, I/O or CPU (the trust store, PKIX validation and key exchange on a
         * busy machine took 767 ms with 361 ms left), the socket is closed when the deadline runs out, and the
         * handshake's next read or write fails as the deadline.
         */
        void armDeadline() throws DeadlineExceededException {
            int left = deadline.remainingMillisOrThrow();
            if (watchdog == null) {
                watchdog = WATCHDOG.schedule(this::expire, left, TimeUnit.MILLISECONDS);
                if (isClosed()) {
                    watchdog.cancel(false);
                }
            }
        }

        boolean tcpConnected() {
            return tcpConnected;
        }

        /** The deadline ran out: close, so that a write blocked on a server that does not read returns. */
        private void expire() {
            expired = true;
            try {
                super.close();
            } catch (IOException e) {
                // already closed
            }
        }

        /** Turns the error of an I/O call the watchdog cut short into the deadline it enforced. */
        IOException translate(IOException e) {
            return expired ? (IOException) new DeadlineExceededException(deadline.total()).initCause(e) : e;
        }

        @Override
        public synchronized void close() throws IOException {
            ScheduledFuture<?> w = watchdog;
            if (w != null) {
                w.cancel(false);
            }
            super.close();
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (guardedOut == null) {
                guardedOut = new GuardedOutputStream(super.getOutputStream(), this);
            }
            return guardedOut;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (guarded == null) {
                guarded = new GuardedInputStream(super.getInputStream(), this);
            }
            return guarded;
        }
    }

    private final class GuardedInputStream extends FilterInputStream {
        private final GuardedSocket socket;
        private long bytesRead;

        GuardedInputStream(InputStream in, GuardedSocket socket) {
            super(in);
            this.socket = socket;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Deadline.Bounded bound = deadline.bound(limits.replyTimeout());
            socket.setSoTimeout(bound.millis());
            int n;
            try {
                n = in.read(b, off, len);
            } catch (SocketTimeoutException e) {
                if (bound.byDeadline()) {
                    throw (IOException) new DeadlineExceededException(deadline.total()).initCause(e);
                }
                throw e;
            } catch (IOException e) {
                throw socket.translate(e);
            }
            if (n > 0) {
                bytesRead += n;
                if (bytesRead > limits.maxSessionBytes()) {
                    throw new LimitExceededException(LimitExceededException.Limit.SESSION_BYTES, limits.maxSessionBytes());
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192));
        }
    }

    /** Refuses to write once the deadline has passed and reports a write the watchdog cut short as the deadline. */
    private final class GuardedOutputStream extends FilterOutputStream {
        private final GuardedSocket socket;

        GuardedOutputStream(OutputStream out, GuardedSocket socket) {
            super(out);
            this.socket = socket;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            socket.beforeWrite(len);
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw socket.translate(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw socket.translate(e);
            }
        }
    }
}
