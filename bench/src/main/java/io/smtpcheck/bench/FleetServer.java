package io.smtpcheck.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A fleet of SMTP listeners a WAN round trip away, on loopback: one listener on each of {@code count} addresses
 * 127.1.x.y (all in 127.0.0.0/8, which Linux routes to lo without set-up), every one answering the banner and each
 * command {@link #DELAY} late, so a probe to RCPT TO and QUIT (five replies) takes about 250 ms. One thread and one
 * selector serve every socket, so the fleet itself costs little CPU next to the clients measured against it.
 *
 * <p>Bounded: the thread stops at {@link #close()} or when its lifetime ends, a line longer than {@link #MAX_LINE}
 * closes its connection, and a connection ends after {@link #MAX_COMMANDS} commands.
 */
final class FleetServer implements AutoCloseable {

    static final Duration DELAY = Duration.ofMillis(50);
    private static final int MAX_LINE = 1024;
    private static final int MAX_COMMANDS = 20;
    /** 250 hosts per third octet, from 127.1.0.1: 10,000 listeners end at 127.1.39.250. */
    private static final int HOSTS_PER_BLOCK = 250;
    private static final int MAX_LISTENERS = 60 * HOSTS_PER_BLOCK;

    private final Selector selector;
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();
    /** Replies in the order they are due: every one is due DELAY after it was queued, so FIFO is due-time order. */
    private final ArrayDeque<Due> due = new ArrayDeque<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(4096);
    private final Thread thread;
    private final long endNanos;
    private volatile boolean closed;
    private long connections;

    private record Due(long atNanos, SocketChannel channel, byte[] reply, boolean close) {
    }

    /** Per connection: the bytes of the line being read and how many commands came. */
    private static final class Conn {
        final ByteBuffer line = ByteBuffer.allocate(MAX_LINE);
        int commands;
    }

    FleetServer(int count, int port, Duration lifetime) throws IOException {
        if (count < 1 || count > MAX_LISTENERS) {
            throw new IllegalArgumentException("a fleet has 1 to " + MAX_LISTENERS + " listeners, not " + count);
        }
        this.endNanos = System.nanoTime() + lifetime.toNanos();
        this.selector = Selector.open();
        try {
            for (int i = 0; i < count; i++) {
                String host = address(i);
                ServerSocketChannel server = ServerSocketChannel.open();
                listeners.add(server);
                server.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
                server.bind(new InetSocketAddress(InetAddress.getByName(host), port), 64);
                server.configureBlocking(false);
                server.register(selector, SelectionKey.OP_ACCEPT);
                addresses.add(host);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        thread = new Thread(this::serve, "bench-fleet");
        thread.setDaemon(true);
        thread.start();
    }

    /** The i-th listener's address, 127.1.0.1 first. */
    static String address(int i) {
        return String.format(Locale.ROOT, "127.1.%d.%d", i / HOSTS_PER_BLOCK, i % HOSTS_PER_BLOCK + 1);
    }

    List<String> addresses() {
        return List.copyOf(addresses);
    }

    /** Connections accepted so far. */
    synchronized long connections() {
        return connections;
    }

    private void serve() {
        try {
            while (!closed && System.nanoTime() < endNanos) {
                long now = System.nanoTime();
                while (!due.isEmpty() && due.peekFirst().atNanos() <= now) {
                    send(due.pollFirst());
                }
                long wait = due.isEmpty() ? 100 : Math.max(1, (due.peekFirst().atNanos() - now + 999_999) / 1_000_000);
                selector.select(Math.min(wait, 100));
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept((ServerSocketChannel) key.channel());
                    } else if (key.isReadable()) {
                        read(key);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (!closed) {
                throw new UncheckedIOException("fleet listener failed", e);
            }
        }
    }

    private void accept(ServerSocketChannel server) throws IOException {
        for (int i = 0; i < 64; i++) {
            SocketChannel channel = server.accept();
            if (channel == null) {
                return;
            }
            synchronized (this) {
                connections++;
            }
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, new Conn());
            queue(channel, "220 fleet.example ESMTP bench\r\n", false);
        }
    }

    private void read(SelectionKey key) {
        SocketChannel channel = (SocketChannel) key.channel();
        Conn conn = (Conn) key.attachment();
        readBuffer.clear();
        int n;
        try {
            n = channel.read(readBuffer);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            closeQuietly(channel);
            return;
        }
        readBuffer.flip();
        while (readBuffer.hasRemaining()) {
            byte b = readBuffer.get();
            if (b == '\n') {
                conn.line.flip();
                String line = StandardCharsets.US_ASCII.decode(conn.line).toString().strip();
                conn.line.clear();
                if (++conn.commands > MAX_COMMANDS) {
                    closeQuietly(channel);
                    return;
                }
                answer(channel, line);
            } else if (!conn.line.hasRemaining()) {
                closeQuietly(channel);
                return;
            } else {
                conn.line.put(b);
            }
        }
    }

    private void answer(SocketChannel channel, String line) {
        String verb = (line.length() >= 4 ? line.substring(0, 4) : line).toUpperCase(Locale.ROOT);
        switch (verb) {
            case "EHLO" -> queue(channel, "250-fleet.example\r\n250 8BITMIME\r\n", false);
            case "HELO" -> queue(channel, "250 fleet.example\r\n", false);
            case "MAIL" -> queue(channel, "250 2.1.0 Ok\r\n", false);
            case "RCPT" -> queue(channel, "250 2.1.5 Ok\r\n", false);
            case "RSET", "NOOP" -> queue(channel, "250 2.0.0 Ok\r\n", false);
            case "QUIT" -> queue(channel, "221 2.0.0 Bye\r\n", true);
            default -> queue(channel, "502 5.5.2 Not implemented here\r\n", false);
        }
    }

    private void queue(SocketChannel channel, String reply, boolean close) {
        due.addLast(new Due(System.nanoTime() + DELAY.toNanos(), channel, reply.getBytes(StandardCharsets.US_ASCII), close));
    }

    /** Replies are a few dozen bytes: a loopback socket takes them whole, or the client is gone. */
    private static void send(Due reply) {
        if (!reply.channel().isOpen()) {
            return;
        }
        try {
            reply.channel().write(ByteBuffer.wrap(reply.reply()));
        } catch (IOException e) {
            closeQuietly(reply.channel());
            return;
        }
        if (reply.close()) {
            closeQuietly(reply.channel());
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // the peer is gone already
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            selector.wakeup();
            if (thread != null) {
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            closeQuietly(key.channel());
        }
        listeners.forEach(FleetServer::closeQuietly);
        try {
            selector.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
