package io.smtpcheck.session;

import io.smtpcheck.request.Limits;
import io.smtpcheck.wire.StrictSmtpClient;

import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.net.Socket;
import java.util.function.Supplier;

/**
 * Commons Net's client, with every reply read by the strict reader ({@link StrictSmtpClient}), and the hooks a check
 * needs: lazy trust, the TLS host name, the transcript's order.
 */
final class ProbeClient extends StrictSmtpClient {

    /** What the session does at two moments only the client sees. */
    interface Hooks {
        /** TCP is up; nothing has been read or sent yet (for implicit TLS, not even the handshake). */
        void tcpConnected(Socket socket);

        /** A complete reply was read, before the transcript gets it. */
        void beforeReply(Socket socket);
    }

    private final boolean implicit;
    private final String tlsHost;
    private final Supplier<TrustManager> trust;
    private final Hooks hooks;
    private TrustManager trustManager;

    ProbeClient(boolean implicit, Limits limits, String tlsHost, Supplier<TrustManager> trust, Hooks hooks) {
        super(implicit, limits);
        this.implicit = implicit;
        this.tlsHost = tlsHost;
        this.trust = trust;
        this.hooks = hooks;
    }

    /** Commons Net asks for trust only when it builds the TLS context, so a plain session never loads a trust store. */
    @Override
    public TrustManager getTrustManager() {
        if (trustManager == null) {
            trustManager = trust.get();
        }
        return trustManager;
    }

    @Override
    protected void _connectAction_() throws IOException {
        hooks.tcpConnected(_socket_);
        // connect(InetAddress) forgets the name; SNI and host name verification need it.
        _hostname_ = tlsHost;
        if (implicit) {
            // The implicit TLS handshake runs inside the connect action.
            armDeadline();
        }
        super._connectAction_();
    }

    /** The handshake, and the trust store it loads first, get the time that is left and not a millisecond more. */
    @Override
    public boolean execTLS() throws IOException {
        armDeadline();
        return super.execTLS();
    }

    private void armDeadline() throws IOException {
        if (_socket_ instanceof GuardedSocketFactory.GuardedSocket guarded) {
            guarded.armDeadline();
        }
    }

    @Override
    protected void fireReplyReceived(int replyCode, String reply) {
        hooks.beforeReply(_socket_);
        super.fireReplyReceived(replyCode, reply);
    }

    Socket socket() {
        return _socket_;
    }
}
