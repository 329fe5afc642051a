package io.smtpcheck.request;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The EHLO argument when the request names none: this machine's fully qualified name, or, when it has none, the
 * address literal of the connection's local address (RFC 5321 section 4.1.4), never a bare short name such as
 * {@code vm}, which the FQDN checks of Exim and Postfix refuse.
 */
public final class EhloName {

    private static final Pattern IPV4_TEXT = Pattern.compile("[0-9.]+");

    private EhloName() {
    }

    /** The name for a connection whose local end is {@code local}. */
    public static String forConnection(InetAddress local) {
        return choose(MachineNames.NAMES, local);
    }

    /** The first candidate that is a fully qualified domain (a dot, not localhost's, not an IP address), else the literal of {@code local}. */
    static String choose(List<String> candidates, InetAddress local) {
        for (String name : candidates) {
            if (isQualified(name)) {
                return name;
            }
        }
        return literal(local);
    }

    private static boolean isQualified(String name) {
        if (name == null || name.indexOf('.') < 0 || IPV4_TEXT.matcher(name).matches()) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return !lower.equals("localhost") && !lower.equals("localhost.localdomain") && Validation.isHeloDomain(name);
    }

    /** {@code [192.0.2.1]}, or {@code [IPv6:2001:db8::1]} with the longest run of zero groups written {@code ::} (RFC 5952). */
    static String literal(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return "[" + address.getHostAddress() + "]";
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder text = new StringBuilder("[IPv6:");
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.append(']').toString();
    }

    /** This machine's names, looked up once and only when a check needs them: the canonical one ({@code hostname -f}), then the host name. */
    private static final class MachineNames {
        static final List<String> NAMES = lookUp();

        private static List<String> lookUp() {
            try {
                InetAddress local = InetAddress.getLocalHost();
                return List.of(local.getCanonicalHostName(), local.getHostName());
            } catch (UnknownHostException e) {
                return List.of();
            }
        }
    }
}
