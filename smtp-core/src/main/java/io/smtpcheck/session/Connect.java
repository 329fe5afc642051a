package io.smtpcheck.session;

import io.smtpcheck.classify.DeadlineExceededException;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Stage;
import io.smtpcheck.tls.TlsContexts;
import io.smtpcheck.tls.TlsTransport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * {@code telnet host 25} up to "Connected": resolves the host and tries each of its addresses in turn. Unless the
 * check stops here, Commons Net connects, so it also shakes hands for implicit TLS and reads the banner.
 */
final class Connect implements Step {

    @Override
    public boolean wanted(CheckRequest request) {
        return true;
    }

    @Override
    public Reply run(Exchange x, Reply previous) throws IOException, Stop {
        CheckRequest request = x.request();
        x.clock().begin(Stage.CONNECT);
        InetAddress[] addresses = NameResolution.resolve(request.host(), x.deadline(), x.transcript(), x.texts());
        // A port check, like "telnet host 25" closed at "Connected": no banner to wait for.
        boolean portOnly = request.stopAfter() == Stage.CONNECT;
        IOException lastFailure = null;
        for (InetAddress address : addresses) {
            x.transcript().note(x.texts().get("note.trying", address.getHostAddress()));
            try {
                if (portOnly) {
                    try (Socket socket = x.sockets().createSocket()) {
                        socket.connect(new InetSocketAddress(address, request.port()));
                        connected(x, socket);
                    }
                    x.transcript().note(x.texts().get("note.closed"));
                } else {
                    client(x).connect(address, request.port());
                    StartTls.judgeImplicit(x);
                }
                return previous;
            } catch (IOException e) {
                GuardedSocketFactory.GuardedSocket socket = x.sockets().lastSocket();
                if (socket != null && socket.tcpConnected()) {
                    throw e;
                }
                x.transcript().note(x.texts().get("note.connect-failed", address.getHostAddress(), Integer.toString(request.port()), e.getMessage()));
                lastFailure = e;
                if (e instanceof DeadlineExceededException) {
                    break;
                }
            }
        }
        throw lastFailure;
    }

    private static ProbeClient client(Exchange x) {
        CheckRequest request = x.request();
        ProbeClient client = new ProbeClient(request.tlsPolicy().transport() == TlsTransport.IMPLICIT, request.limits(), request.host(),
                () -> TlsContexts.permissive(x.peerChain()), new ProbeClient.Hooks() {
                    @Override
                    public void tcpConnected(Socket socket) {
                        connected(x, socket);
                    }

                    @Override
                    public void beforeReply(Socket socket) {
                        StartTls.implicitHandshakeDone(x, socket);
                    }
                });
        client.setSocketFactory(x.sockets());
        client.setCharset(StandardCharsets.UTF_8);
        // Every level's handshake accepts any certificate and name; the TLS stage judges both afterwards (ChainEvaluator).
        client.setEndpointCheckingEnabled(false);
        client.addProtocolCommandListener(x.transcript());
        x.client(client);
        return client;
    }

    /** As soon as TCP is up, so the note precedes the banner in the transcript. */
    private static void connected(Exchange x, Socket socket) {
        String address = socket.getInetAddress().getHostAddress();
        x.found().connectedTo(address);
        String host = x.request().host();
        x.transcript().note(x.texts().get("note.connected", host.equals(address) ? address : host + " (" + address + ")", Integer.toString(socket.getPort())));
        x.clock().completed(Stage.CONNECT);
        x.clock().moveTo(x.request().tlsPolicy().transport() == TlsTransport.IMPLICIT ? Stage.TLS : Stage.BANNER);
    }
}
