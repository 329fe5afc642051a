package io.smtpcheck.classify;

/**
 * The id of every diagnosis a check can end with besides the reply table's ({@code replies.tsv}), one holder per
 * concern. The texts are in the {@code Messages} bundles under {@code <id>.summary}, {@code .explanation} and
 * {@code .remedy}; a test keeps every id here backed by them.
 */
public final class DiagnosisIds {

    /** The exchange went as far as the request asked. */
    public static final String PASSED = "passed";

    private DiagnosisIds() {
    }

    /** Name resolution, TCP and the session's clock. */
    public static final class Network {
        public static final String DNS = "network.dns";
        public static final String NULL_MX = "network.null-mx";
        public static final String REFUSED = "network.refused";
        public static final String CONNECT_TIMEOUT = "network.connect-timeout";
        public static final String REPLY_TIMEOUT = "network.reply-timeout";
        public static final String DEADLINE = "network.deadline";
        public static final String RESET = "network.reset";
        public static final String CLOSED = "network.closed";
        public static final String UNREACHABLE = "network.unreachable";

        private Network() {
        }
    }

    /** STARTTLS, implicit TLS and the server certificate. */
    public static final class Tls {
        public static final String HANDSHAKE = "tls.handshake";
        public static final String UNTRUSTED = "tls.untrusted";
        public static final String HOSTNAME = "tls.hostname";
        public static final String EXPIRED = "tls.expired";
        public static final String NOT_OFFERED = "tls.not-offered";
        public static final String PLAIN_PORT = "tls.plain-port";
        public static final String UNVERIFIED_AUTH = "tls.unverified-auth";
        public static final String FALLBACK = "tls.fallback";
        public static final String CERT_DAYS_WARN = "tls.cert-days-warn";
        public static final String CERT_DAYS_CRIT = "tls.cert-days-crit";

        private Tls() {
        }
    }

    /** AUTH as the server offers it. */
    public static final class Auth {
        public static final String NOT_OFFERED = "auth.not-offered";
        public static final String NO_COMMON_MECHANISM = "auth.no-common-mechanism";

        private Auth() {
        }
    }

    /** What the server sent that is not SMTP, or more of it than the limits allow. */
    public static final class Protocol {
        public static final String MALFORMED = "protocol.malformed";
        public static final String HTTP = "protocol.http";
        public static final String LINE_TOO_LONG = "protocol.line-too-long";
        public static final String TOO_MANY_LINES = "protocol.too-many-lines";
        public static final String TOO_MUCH_DATA = "protocol.too-much-data";
        public static final String UNEXPECTED_REPLY = "protocol.unexpected-reply";
        /** A reply that came before its command: an early or unasked-for answer, never the next command's. */
        public static final String UNSOLICITED = "protocol.unsolicited";

        private Protocol() {
        }
    }

    /** The request's expectations of banner, EHLO keywords and certificate. */
    public static final class Expect {
        public static final String BANNER = "expect.banner";
        public static final String EHLO_KEYWORD = "expect.ehlo-keyword";
        public static final String TLS_ABSENT = "expect.tls-absent";

        private Expect() {
        }
    }
}
