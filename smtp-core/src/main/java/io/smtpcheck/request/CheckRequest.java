package io.smtpcheck.request;

import io.smtpcheck.tls.AuthIntent;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;

import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One validated check of one listener. Build it with {@link #builder(String)}; {@link Builder#build()}
 * refuses anything that could not be sent safely, before a connection is opened.
 *
 * <p>Defaults: port 25, TLS level may (STARTTLS when offered, the certificate reported but never failing), EHLO
 * with this machine's name, null sender {@code <>}, and the check stops after RCPT TO (no mail is sent unless
 * {@link Stage#DATA} is asked for). Without recipients it stops after AUTH when credentials are given, else after
 * TLS when the level uses TLS, else after EHLO.
 *
 * @param tlsPolicy   the TLS security level, transport and names to match, as Postfix's
 * @param credentials null when no AUTH is wanted
 * @param allowUnverifiedAuth credentials may go over TLS whose certificate is not Verified
 * @param nexthop     for an MX host of an {@code mx:} target, the mail domain (Postfix's nexthop); null otherwise
 * @param mailFrom    the reverse path without angle brackets; empty for the null sender
 * @param message     what DATA sends; used only when {@code stopAfter} is DATA
 * @param locale      language of the diagnoses
 */
public record CheckRequest(
        String host,
        int port,
        TlsPolicy tlsPolicy,
        String heloName,
        Credentials credentials,
        boolean allowPlaintextAuth,
        boolean allowUnverifiedAuth,
        String mailFrom,
        List<String> recipients,
        Stage stopAfter,
        MessageSpec message,
        Expectations expectations,
        Limits limits,
        TlsOptions tls,
        String nexthop,
        Locale locale) implements Serializable {

    /** SMTP's port, used when the target names none. */
    public static final int DEFAULT_PORT = 25;

    public CheckRequest {
        recipients = List.copyOf(recipients);
    }

    public static Builder builder(String host) {
        return new Builder().host(host);
    }

    /** {@code host:port} as a user would write it, IPv6 in brackets. */
    public String address() {
        return new Target(host, port, false).toString();
    }

    /** The stages this check goes through, in order, up to {@link #stopAfter()}: TLS only when the level uses it, AUTH only with credentials. */
    public List<Stage> plannedStages() {
        return Arrays.stream(Stage.values())
                .filter(s -> s != Stage.QUIT && !s.isAfter(stopAfter))
                .filter(s -> s != Stage.TLS || tlsPolicy.level() != TlsLevel.NONE)
                .filter(s -> s != Stage.AUTH || credentials != null)
                .toList();
    }

    /** Whether credentials will be sent, and what the user allowed for them: the input of the credentials rule. */
    public AuthIntent auth() {
        return new AuthIntent(credentials != null, allowPlaintextAuth, allowUnverifiedAuth);
    }

    /**
     * True when the sender or a recipient has a non-ASCII local part (the domain goes in punycode): the session must
     * then find SMTPUTF8 in the EHLO reply and say SMTPUTF8 with MAIL FROM (RFC 6531), or refuse before MAIL.
     */
    public boolean needsSmtpUtf8() {
        return !mailFrom.chars().allMatch(c -> c < 0x80) || recipients.stream().anyMatch(r -> !r.chars().allMatch(c -> c < 0x80));
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.tlsPolicy = tlsPolicy;
        b.heloName = heloName;
        b.credentials = credentials;
        b.allowPlaintextAuth = allowPlaintextAuth;
        b.allowUnverifiedAuth = allowUnverifiedAuth;
        b.mailFrom = mailFrom;
        b.recipients.addAll(recipients);
        b.stopAfter = stopAfter;
        b.message = message;
        b.expectations = expectations;
        b.limits = limits;
        b.tls = tls;
        b.nexthop = nexthop;
        b.locale = locale;
        return b;
    }

    /** Collects the settings; every setter accepts null as "use the default". */
    public static final class Builder {
        private String host;
        private int port = DEFAULT_PORT;
        private TlsPolicy tlsPolicy;
        private String heloName;
        private Credentials credentials;
        private boolean allowPlaintextAuth;
        private boolean allowUnverifiedAuth;
        private String mailFrom;
        private final List<String> recipients = new ArrayList<>();
        private Stage stopAfter;
        private MessageSpec message;
        private Expectations expectations;
        private Limits limits;
        private TlsOptions tls;
        private String nexthop;
        private Locale locale;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Host and, when the target names one, port. */
        public Builder target(Target target) {
            this.host = target.host();
            if (target.port() != 0) {
                this.port = target.port();
            }
            return this;
        }

        /** The TLS level, transport and names to match; null is {@link TlsPolicy#DEFAULT} (level may, STARTTLS). */
        public Builder tlsPolicy(TlsPolicy tlsPolicy) {
            this.tlsPolicy = tlsPolicy;
            return this;
        }

        public Builder heloName(String heloName) {
            this.heloName = heloName;
            return this;
        }

        public Builder credentials(Credentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /** AUTH over an unencrypted connection exposes the password to anyone on the path: allowed only when asked. */
        public Builder allowPlaintextAuth(boolean allow) {
            this.allowPlaintextAuth = allow;
            return this;
        }

        /** Credentials over TLS whose certificate is not Verified (self-signed, private CA, wrong name): allowed only when asked. */
        public Builder allowUnverifiedAuth(boolean allow) {
            this.allowUnverifiedAuth = allow;
            return this;
        }

        public Builder mailFrom(String mailFrom) {
            this.mailFrom = mailFrom;
            return this;
        }

        public Builder recipient(String recipient) {
            this.recipients.add(recipient);
            return this;
        }

        public Builder recipients(List<String> recipients) {
            if (recipients != null) {
                this.recipients.addAll(recipients);
            }
            return this;
        }

        public Builder stopAfter(Stage stopAfter) {
            this.stopAfter = stopAfter;
            return this;
        }

        public Builder message(MessageSpec message) {
            this.message = message;
            return this;
        }

        public Builder expectations(Expectations expectations) {
            this.expectations = expectations;
            return this;
        }

        public Builder limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        /** The mail domain an MX host was found for: the name the secure level matches. Null for a host named directly. */
        public Builder nexthop(String nexthop) {
            this.nexthop = nexthop;
            return this;
        }

        public Builder locale(Locale locale) {
            this.locale = locale;
            return this;
        }

        public CheckRequest build() {
            String wireHost = Validation.host(host);
            Validation.port(port);
            TlsPolicy policy = tlsPolicy == null ? TlsPolicy.DEFAULT : tlsPolicy;
            boolean noTls = policy.level() == TlsLevel.NONE;
            Validation.text("helo", heloName);
            if (heloName != null && heloName.strip().indexOf(' ') >= 0) {
                throw new InvalidRequestException("helo", "'" + heloName.strip() + "' contains a space; give one host name, for example client.example.com");
            }
            String helo = heloName == null || heloName.isBlank() ? localHostName() : Validation.helo(heloName);
            String from = mailFrom == null ? "" : address("from", mailFrom, true);
            List<String> rcpts = recipients.stream().map(r -> address("to", r, false)).toList();
            if (credentials != null) {
                Validation.text("user", credentials.username());
                Validation.oneLineSecret("password", credentials.secret());
                if (noTls && !allowPlaintextAuth) {
                    throw new InvalidRequestException("tls-level", "AUTH was asked for at level none, which would send the password "
                            + "in clear text. Use level may or higher, or allow plaintext AUTH explicitly if this is a lab.");
                }
            }
            Stage stop = stopAfter == null || stopAfter == Stage.QUIT ? defaultStop(rcpts, noTls) : stopAfter;
            if ((stop == Stage.RCPT || stop == Stage.DATA) && rcpts.isEmpty()) {
                throw new InvalidRequestException("to", "stopping after " + stop.label() + " needs at least one recipient (RCPT TO address)");
            }
            if (stop == Stage.AUTH && credentials == null) {
                throw new InvalidRequestException("stop-after", "AUTH needs credentials (username and password)");
            }
            if (stop == Stage.TLS && noTls) {
                throw new InvalidRequestException("stop-after", "TLS was asked as the last stage but the TLS level is none");
            }
            String next = nexthop == null || nexthop.isBlank() ? null : Validation.host(nexthop);
            return new CheckRequest(wireHost, port, policy, helo, credentials, allowPlaintextAuth, allowUnverifiedAuth, from, rcpts, stop,
                    message == null ? MessageSpec.DEFAULT : message,
                    expectations == null ? Expectations.NONE : expectations,
                    limits == null ? Limits.DEFAULT : limits,
                    tls == null ? TlsOptions.DEFAULT : tls,
                    next,
                    locale == null ? Locale.ENGLISH : locale);
        }

        private Stage defaultStop(List<String> rcpts, boolean noTls) {
            if (!rcpts.isEmpty()) {
                return Stage.RCPT;
            }
            if (credentials != null) {
                return Stage.AUTH;
            }
            return noTls ? Stage.EHLO : Stage.TLS;
        }

        /** An address as it goes between angle brackets: domain part in punycode. */
        private static String address(String field, String raw, boolean emptyAllowed) {
            Validation.text(field, raw);
            String a = raw.strip();
            if (a.startsWith("<") && a.endsWith(">")) {
                a = a.substring(1, a.length() - 1).strip();
            }
            if (a.isEmpty()) {
                if (emptyAllowed) {
                    return "";
                }
                throw new InvalidRequestException(field, "is empty; give an address such as user@example.com");
            }
            if (a.indexOf('<') >= 0 || a.indexOf('>') >= 0) {
                throw new InvalidRequestException(field, "'" + raw + "' has stray angle brackets; write user@example.com");
            }
            if (a.indexOf('@') < 0 && a.equalsIgnoreCase("postmaster")) {
                return a;
            }
            return Validation.mailbox(field, a, raw);
        }

        /** This machine's name when it is a valid EHLO argument, else {@code localhost}. */
        private static String localHostName() {
            try {
                String name = InetAddress.getLocalHost().getHostName();
                return Validation.isHeloDomain(name) ? name : "localhost";
            } catch (UnknownHostException e) {
                return "localhost";
            }
        }
    }
}
