package io.smtpcheck.request;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The options of a check as users write them in any front end (command line, POM, Jenkins job): modes,
 * stages and durations as text, null for "the default". {@link #requests} reads them all once and then
 * builds one {@link CheckRequest} per target, so every front end accepts the same values and refuses bad
 * ones with the same message, naming the option ({@link InvalidRequestException#field()}).
 *
 * <p>No secret is held here: the front end resolves credentials its own way (an environment variable,
 * settings.xml, the Jenkins credentials store) and hands them to {@link #requests}.
 *
 * @param port           used when a target names no port
 * @param security       none, starttls, require-starttls or implicit-tls
 * @param stopAfter      connect, banner, ehlo, tls, auth, mail, rcpt or data
 * @param expectBanner   regular expression the 220 banner must contain
 * @param verifyHostname the certificate must name the host
 * @param connectTimeout durations such as 10s, 500ms, 2m or PT10S
 * @param lang           language of the diagnoses: en, fr, ru, ja or ar
 */
public record CheckOptions(int port, String security, String helo, String from, List<String> to, String stopAfter,
                           String subject, String body, String authMechanism, boolean allowPlaintextAuth,
                           String expectBanner, List<String> expectEhlo, int minCertDays,
                           String trustFile, boolean insecure, boolean verifyHostname,
                           String connectTimeout, String replyTimeout, String timeout, String lang) implements Serializable {

    /** The languages the diagnoses are written in. */
    public static final Set<String> LANGUAGES = Set.of("en", "fr", "ru", "ja", "ar");

    private static final Pattern LIST_SEPARATORS = Pattern.compile("[,\\s]+");

    public CheckOptions {
        to = to == null ? List.of() : List.copyOf(to);
        expectEhlo = expectEhlo == null ? List.of() : List.copyOf(expectEhlo);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A list option as a single form field or build variable gives it ({@code "a@example.com, b@example.com"},
     * one a line): every value split at commas and white space, blanks dropped, order kept.
     */
    public static List<String> splitList(Collection<String> values) {
        if (values == null) {
            return List.of();
        }
        return values.stream().filter(Objects::nonNull)
                .flatMap(v -> Arrays.stream(LIST_SEPARATORS.split(v)))
                .filter(v -> !v.isEmpty())
                .toList();
    }

    /**
     * Checks every option, then returns the function that builds the request for one target.
     *
     * @param user   AUTH user name, or null for no AUTH
     * @param secret the password or OAuth token of {@code user}
     * @throws InvalidRequestException naming the first option at fault
     */
    public Function<Target, CheckRequest> requests(String user, String secret) {
        SecurityMode mode = SecurityMode.parse(security);
        Stage stop = Stage.parseStopAfter(stopAfter);
        Locale locale = locale(lang);
        Pattern banner = bannerPattern(expectBanner);
        Credentials credentials = user == null || user.isBlank() ? null
                : new Credentials(user, secret, authMechanism == null || authMechanism.isBlank() ? null : AuthMechanism.parse(authMechanism.strip()));
        Expectations expectations = new Expectations(banner, expectEhlo, minCertDays);
        Limits limits = Limits.DEFAULT.withTimeouts(
                Durations.parse("connect-timeout", connectTimeout, Limits.DEFAULT.connectTimeout()),
                Durations.parse("reply-timeout", replyTimeout, Limits.DEFAULT.replyTimeout()),
                Durations.parse("timeout", timeout, Limits.DEFAULT.deadline()));
        TlsOptions tls = new TlsOptions(trustFile, insecure, verifyHostname);
        MessageSpec message = new MessageSpec(subject, body == null ? MessageSpec.DEFAULT.body() : body);
        Validation.port(port);
        return target -> CheckRequest.builder(target.host())
                .port(target.port() == 0 ? port : target.port())
                .security(mode)
                .heloName(helo)
                .credentials(credentials)
                .allowPlaintextAuth(allowPlaintextAuth)
                .mailFrom(from)
                .recipients(to)
                .stopAfter(stop)
                .message(message)
                .expectations(expectations)
                .limits(limits)
                .tls(tls)
                .locale(locale)
                .build();
    }

    private static Locale locale(String lang) {
        if (lang == null || lang.isBlank()) {
            return Locale.ENGLISH;
        }
        Locale locale = Locale.forLanguageTag(lang.strip());
        if (!LANGUAGES.contains(locale.getLanguage())) {
            throw new InvalidRequestException("lang", "'" + lang + "' is not a language of the diagnoses; use one of en, fr, ru, ja, ar");
        }
        return locale;
    }

    private static Pattern bannerPattern(String regex) {
        try {
            return regex == null || regex.isEmpty() ? null : Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidRequestException("expect-banner", "is not a valid regular expression: " + e.getDescription());
        }
    }

    /** Collects options; every setter accepts null as "the default". Defaults: port 25, hostname verification on. */
    public static final class Builder {
        private int port = 25;
        private String security;
        private String helo;
        private String from;
        private final List<String> to = new ArrayList<>();
        private String stopAfter;
        private String subject;
        private String body;
        private String authMechanism;
        private boolean allowPlaintextAuth;
        private String expectBanner;
        private final List<String> expectEhlo = new ArrayList<>();
        private int minCertDays;
        private String trustFile;
        private boolean insecure;
        private boolean verifyHostname = true;
        private String connectTimeout;
        private String replyTimeout;
        private String timeout;
        private String lang;

        private Builder() {
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder security(String security) {
            this.security = security;
            return this;
        }

        public Builder helo(String helo) {
            this.helo = helo;
            return this;
        }

        public Builder from(String from) {
            this.from = from;
            return this;
        }

        public Builder to(List<String> to) {
            if (to != null) {
                this.to.addAll(to);
            }
            return this;
        }

        public Builder stopAfter(String stopAfter) {
            this.stopAfter = stopAfter;
            return this;
        }

        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder body(String body) {
            this.body = body;
            return this;
        }

        public Builder authMechanism(String authMechanism) {
            this.authMechanism = authMechanism;
            return this;
        }

        public Builder allowPlaintextAuth(boolean allow) {
            this.allowPlaintextAuth = allow;
            return this;
        }

        public Builder expectBanner(String regex) {
            this.expectBanner = regex;
            return this;
        }

        public Builder expectEhlo(List<String> keywords) {
            if (keywords != null) {
                this.expectEhlo.addAll(keywords);
            }
            return this;
        }

        public Builder minCertDays(int days) {
            this.minCertDays = days;
            return this;
        }

        public Builder trustFile(String trustFile) {
            this.trustFile = trustFile;
            return this;
        }

        public Builder insecure(boolean insecure) {
            this.insecure = insecure;
            return this;
        }

        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        public Builder connectTimeout(String duration) {
            this.connectTimeout = duration;
            return this;
        }

        public Builder replyTimeout(String duration) {
            this.replyTimeout = duration;
            return this;
        }

        public Builder timeout(String duration) {
            this.timeout = duration;
            return this;
        }

        public Builder lang(String lang) {
            this.lang = lang;
            return this;
        }

        public CheckOptions build() {
            return new CheckOptions(port, security, helo, from, to, stopAfter, subject, body, authMechanism, allowPlaintextAuth,
                    expectBanner, expectEhlo, minCertDays, trustFile, insecure, verifyHostname, connectTimeout, replyTimeout, timeout, lang);
        }
    }
}
