package io.smtpcheck.session;

import io.smtpcheck.classify.DeadlineExceededException;
import io.smtpcheck.classify.LimitExceededException;
import io.smtpcheck.request.Limits;

import javax.net.SocketFactory;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;

/**
 * Makes the sockets Commons Net connects with. Every read goes through a guard that bounds the wait by
 * the reply timeout and the session deadline, and counts the bytes: a server that drips one byte at a
 * time or never stops talking is cut off here. A TLS socket layered on top reads through the same guard.
 */
final class GuardedSocketFactory extends SocketFactory {

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
        private InputStream guarded;

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

        boolean tcpConnected() {
            return tcpConnected;
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
        private final Socket socket;
        private long bytesRead;

        GuardedInputStream(InputStream in, Socket socket) {
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
}
