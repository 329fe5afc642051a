package io.smtpcheck.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A tiny authoritative DNS server over UDP on loopback that answers MX, A and AAAA queries from a fixed map —
 * enough RFC 1035 for the JDK's JNDI DNS provider ({@code dns://127.0.0.1:<port>}) and similar stub resolvers.
 *
 * <p>Names are case-insensitive, with or without the trailing dot. A name with records but none of the asked type
 * gets an empty NOERROR answer; a name without records, or one marked {@link Builder#nxdomain}, gets NXDOMAIN
 * (rcode 3); one marked {@link Builder#servfail} gets SERVFAIL (rcode 2). Answers carry TTL 60 and uncompressed
 * names. One daemon thread named {@code smtp-testkit-dns-*} serves queries.
 */
public final class ScriptedDnsServer implements AutoCloseable {

    static final int TYPE_A = 1;
    static final int TYPE_MX = 15;
    static final int TYPE_AAAA = 28;
    static final int TYPE_ANY = 255;
    private static final int TTL = 60;
    private static final int RCODE_FORMERR = 1;
    private static final int RCODE_SERVFAIL = 2;
    private static final int RCODE_NXDOMAIN = 3;
    private static final int RCODE_NOTIMP = 4;

    /** One resource record's type and wire-format RDATA. */
    private record Rr(int type, byte[] rdata) {
    }

    private final Map<String, List<Rr>> records;
    private final Set<String> nxdomain;
    private final Set<String> servfail;
    private final DatagramSocket socket;
    private final Thread thread;
    private final List<String> queries = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    private ScriptedDnsServer(Builder b) throws SocketException {
        Map<String, List<Rr>> copy = new HashMap<>();
        b.records.forEach((name, list) -> copy.put(name, List.copyOf(list)));
        this.records = Map.copyOf(copy);
        this.nxdomain = Set.copyOf(b.nxdomain);
        this.servfail = Set.copyOf(b.servfail);
        this.socket = new DatagramSocket(new InetSocketAddress(b.bindAddress, b.port));
        this.thread = new Thread(this::serve, "smtp-testkit-dns-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** A builder with no records, listening on 127.0.0.1 and an ephemeral port. */
    public static Builder builder() {
        return new Builder();
    }

    /** The address to query, e.g. {@code "127.0.0.1"}. */
    public String host() {
        return Loopback.host(socket.getLocalAddress());
    }

    /** The UDP port. */
    public int port() {
        return socket.getLocalPort();
    }

    /** The JNDI provider URL for this server, {@code dns://host:port}. */
    public String url() {
        String host = host();
        return "dns://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** Every question asked so far, as {@code "MX example.test"} (type number when not A/AAAA/MX/ANY). */
    public List<String> queries() {
        synchronized (queries) {
            return List.copyOf(queries);
        }
    }

    /** Stops serving; returns once the socket is closed. */
    @Override
    public void close() {
        closed = true;
        socket.close();
        try {
            thread.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!closed) {
            DatagramPacket request = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(request);
                byte[] response = answer(ByteBuffer.wrap(buffer, 0, request.getLength()));
                if (response != null) {
                    socket.send(new DatagramPacket(response, response.length, request.getSocketAddress()));
                }
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    /** Builds the response to one query, or null when the packet is too broken to answer at all. */
    private byte[] answer(ByteBuffer query) {
        if (query.remaining() < 12) {
            return null;
        }
        int id = query.getShort() & 0xffff;
        int flags = query.getShort() & 0xffff;
        int questions = query.getShort() & 0xffff;
        query.position(12);
        if ((flags & 0x8000) != 0) {
            return null; // a response, not a query: never answer, or two servers could ping-pong
        }
        int opcode = flags & 0x7800;
        if (questions != 1 || opcode != 0) {
            return header(id, flags, questions != 1 ? RCODE_FORMERR : RCODE_NOTIMP, 0, 0).toByteArray();
        }
        String name;
        int type;
        int questionStart = 12;
        try {
            name = readName(query);
            type = query.getShort() & 0xffff;
            query.getShort(); // class; everything here is IN
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return header(id, flags, RCODE_FORMERR, 0, 0).toByteArray();
        }
        queries.add(typeName(type) + " " + name);
        List<Rr> answers = new ArrayList<>();
        int rcode = 0;
        if (servfail.contains(name)) {
            rcode = RCODE_SERVFAIL;
        } else if (nxdomain.contains(name) || !records.containsKey(name)) {
            rcode = RCODE_NXDOMAIN;
        } else {
            for (Rr rr : records.get(name)) {
                if (type == TYPE_ANY || rr.type() == type) {
                    answers.add(rr);
                }
            }
        }
        ByteArrayOutputStream out = header(id, flags, rcode, 1, answers.size());
        out.write(query.array(), questionStart, query.position() - questionStart); // the question, echoed verbatim
        for (Rr rr : answers) {
            byte[] owner = encodeName(name);
            out.write(owner, 0, owner.length);
            writeShort(out, rr.type());
            writeShort(out, 1); // class IN
            writeShort(out, TTL >>> 16);
            writeShort(out, TTL & 0xffff);
            writeShort(out, rr.rdata().length);
            out.write(rr.rdata(), 0, rr.rdata().length);
        }
        return out.toByteArray();
    }

    private static ByteArrayOutputStream header(int id, int queryFlags, int rcode, int questions, int answers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        writeShort(out, id);
        // QR, the query's opcode, AA, the query's RD, RA, rcode
        writeShort(out, 0x8000 | (queryFlags & 0x7800) | 0x0400 | (queryFlags & 0x0100) | 0x0080 | rcode);
        writeShort(out, questions);
        writeShort(out, answers);
        writeShort(out, 0);
        writeShort(out, 0);
        return out;
    }

    private static String readName(ByteBuffer in) {
        StringBuilder name = new StringBuilder();
        for (int length = in.get() & 0xff; length != 0; length = in.get() & 0xff) {
            if (length > 63) {
                throw new IllegalArgumentException("compressed or extended label in a question");
            }
            byte[] label = new byte[length];
            in.get(label);
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(label, StandardCharsets.US_ASCII));
        }
        return name.toString().toLowerCase(Locale.ROOT);
    }

    private static byte[] encodeName(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String trimmed = normalize(name);
        if (!trimmed.isEmpty()) {
            for (String label : trimmed.split("\\.")) {
                byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
                if (bytes.length == 0 || bytes.length > 63) {
                    throw new IllegalArgumentException("bad DNS name: " + name);
                }
                out.write(bytes.length);
                out.write(bytes, 0, bytes.length);
            }
        }
        out.write(0);
        return out.toByteArray();
    }

    private static String normalize(String name) {
        String lower = Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static String typeName(int type) {
        switch (type) {
            case TYPE_A:
                return "A";
            case TYPE_MX:
                return "MX";
            case TYPE_AAAA:
                return "AAAA";
            case TYPE_ANY:
                return "ANY";
            default:
                return "TYPE" + type;
        }
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8 & 0xff);
        out.write(value & 0xff);
    }

    /** Collects the zone and starts a {@link ScriptedDnsServer}. */
    public static final class Builder {
        private final Map<String, List<Rr>> records = new HashMap<>();
        private final Set<String> nxdomain = new HashSet<>();
        private final Set<String> servfail = new HashSet<>();
        private InetAddress bindAddress = Loopback.defaultAddress();
        private int port;

        private Builder() {
        }

        /** Adds an MX record: {@code name} is served by {@code exchange} with this preference. */
        public Builder mx(String name, int preference, String exchange) {
            if (preference < 0 || preference > 65535) {
                throw new IllegalArgumentException("MX preference out of range: " + preference);
            }
            byte[] target = encodeName(exchange);
            byte[] rdata = new byte[2 + target.length];
            rdata[0] = (byte) (preference >>> 8);
            rdata[1] = (byte) preference;
            System.arraycopy(target, 0, rdata, 2, target.length);
            return add(name, new Rr(TYPE_MX, rdata));
        }

        /** Adds an address record: A for an IPv4 literal, AAAA for an IPv6 literal. */
        public Builder a(String name, String ipLiteral) {
            if (!Loopback.isIpLiteral(ipLiteral)) {
                throw new IllegalArgumentException("not an IP literal: " + ipLiteral);
            }
            InetAddress address;
            try {
                address = InetAddress.getByName(ipLiteral); // a literal: parsed, never looked up
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP literal: " + ipLiteral, e);
            }
            return add(name, new Rr(address instanceof Inet4Address ? TYPE_A : TYPE_AAAA, address.getAddress()));
        }

        /** Adds an AAAA record; same as {@link #a} with an IPv6 literal. */
        public Builder aaaa(String name, String ipv6Literal) {
            if (!ipv6Literal.contains(":")) {
                throw new IllegalArgumentException("not an IPv6 literal: " + ipv6Literal);
            }
            return a(name, ipv6Literal);
        }

        /** Makes the name answer NXDOMAIN, even if it has records (unknown names do anyway). */
        public Builder nxdomain(String name) {
            nxdomain.add(normalize(name));
            return this;
        }

        /** Makes the name answer SERVFAIL, as a broken authoritative server does. */
        public Builder servfail(String name) {
            servfail.add(normalize(name));
            return this;
        }

        /** A loopback address to listen on (127.0.0.1 by default, or ::1). */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Loopback.require(address);
            return this;
        }

        /** The UDP port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Binds and starts answering.
         *
         * @throws UncheckedIOException if the port cannot be bound
         */
        public ScriptedDnsServer start() {
            try {
                return new ScriptedDnsServer(this);
            } catch (SocketException e) {
                throw new UncheckedIOException("cannot listen on UDP " + Loopback.host(bindAddress) + ":" + port, e);
            }
        }

        private Builder add(String name, Rr rr) {
            records.computeIfAbsent(normalize(name), k -> new ArrayList<>()).add(rr);
            return this;
        }
    }
}
