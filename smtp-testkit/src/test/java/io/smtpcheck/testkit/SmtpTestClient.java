package io.smtpcheck.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** A minimal line-based SMTP client over a real socket, as a test would type it into telnet. */
final class SmtpTestClient implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    SmtpTestClient(String host, int port) throws IOException {
        this(new Socket(host, port));
    }

    SmtpTestClient(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        use(socket);
    }

    /** Connects with TLS from the first byte, verifying the server as {@code hostname}. */
    static SmtpTestClient implicitTls(String host, int port, SSLContext context, String hostname)
            throws IOException {
        Socket plain = new Socket(host, port);
        return new SmtpTestClient(handshake(plain, context, hostname));
    }

    Socket socket() {
        return socket;
    }

    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends a command and returns its (possibly multi-line) reply. */
    List<String> command(String line) throws IOException {
        send(line);
        return reply();
    }

    /** Reads one reply: lines up to the one with a space (or nothing) after the code. */
    List<String> reply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("connection closed after " + lines);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return lines;
            }
        }
    }

    /** One line without CRLF, or null at end of stream. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    byte[] readBytes(int n) throws IOException {
        return in.readNBytes(n);
    }

    /** Reads until end of stream; returns what arrived. */
    byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    /** Reads until end of stream; returns how many bytes arrived. */
    long drain() throws IOException {
        return in.transferTo(OutputStream.nullOutputStream());
    }

    /** Upgrades this connection to TLS after a 220 to STARTTLS. */
    void startTls(SSLContext context, String hostname) throws IOException {
        use(handshake(socket, context, hostname));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static SSLSocket handshake(Socket plain, SSLContext context, String hostname) throws IOException {
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, hostname, plain.getPort(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(hostname)));
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // check the certificate's names too
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout(5000);
        ssl.startHandshake();
        return ssl;
    }

    private void use(Socket s) throws IOException {
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
    }
}
