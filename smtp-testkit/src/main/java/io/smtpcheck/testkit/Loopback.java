package io.smtpcheck.testkit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

/** Guards the rule that test servers only ever listen on loopback, so a rehearsal never exposes a hostile server. */
final class Loopback {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Loopback() {
    }

    static InetAddress defaultAddress() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for a 4-byte address
        }
    }

    static InetAddress require(InetAddress address) {
        Objects.requireNonNull(address, "bindAddress");
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("smtp-testkit binds to loopback only (127.0.0.1 or ::1), not "
                    + address.getHostAddress());
        }
        return address;
    }

    /** A host string to connect to; {@code ::1} rather than the JDK's long form. */
    static String host(InetAddress address) {
        String text = address.getHostAddress();
        return text.equals("0:0:0:0:0:0:0:1") ? "::1" : text;
    }

    /** Whether the text is an IP literal; such text never triggers a DNS lookup in InetAddress.getByName. */
    static boolean isIpLiteral(String text) {
        return IPV4.matcher(text).matches() || text.contains(":");
    }
}
