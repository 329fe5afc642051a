package io.smtpcheck.option;

import io.smtpcheck.mx.JndiMxResolver;
import io.smtpcheck.report.BuildPolicy;
import io.smtpcheck.request.AuthMechanism;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Credentials;
import io.smtpcheck.request.Expectations;
import io.smtpcheck.request.InvalidRequestException;
import io.smtpcheck.request.Limits;
import io.smtpcheck.request.MessageSpec;
import io.smtpcheck.request.Stage;
import io.smtpcheck.request.Target;
import io.smtpcheck.request.TlsOptions;
import io.smtpcheck.run.CheckRunner;
import io.smtpcheck.run.FanOut;
import io.smtpcheck.tls.TlsPolicy;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The options of a run as users wrote them in any front end (command line, POM, Jenkins job), kept as text and read
 * through the {@link Option} table, so every front end accepts the same values and refuses bad ones with the same
 * message, naming the option ({@link InvalidRequestException#field()}). Values are read when they are used:
 * the Jenkins plugin sends the options to the agent, where the trust file is read.
 *
 * <p>No secret is held here: the front end resolves credentials its own way (an environment variable,
 * settings.xml, the Jenkins credentials store) and hands them to {@link #requests}.
 */
public final class CheckOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Option name to its text (a String, or a List of them); unset options are absent. */
    private final Map<String, Object> texts;

    private CheckOptions(Map<String, Object> texts) {
        this.texts = Map.copyOf(texts);
    }

    /** The values of every option of the table that {@code values} has. */
    public static CheckOptions of(OptionValues values) {
        Map<String, Object> texts = new LinkedHashMap<>();
        for (Option<?> option : Option.all()) {
            Object text = option.text(values.raw(option));
            if (text != null) {
                texts.put(option.name(), text);
            }
        }
        return new CheckOptions(texts);
    }

    public static CheckOptions of(Map<Option<?>, ?> values) {
        return of(OptionValues.of(values));
    }

    /**
     * The option's value, its default when unset.
     *
     * @throws InvalidRequestException naming the option when its text is not a value of it
     */
    public <T> T get(Option<T> option) {
        return option.parse(texts.get(option.name()));
    }

    /**
     * Checks every option of the check, then returns the function that builds the request for one target.
     *
     * @param user   AUTH user name, or null for no AUTH
     * @param secret the password or OAuth token of {@code user}
     * @throws InvalidRequestException naming the first option at fault
     */
    public Function<Target, CheckRequest> requests(String user, String secret) {
        TlsPolicy tlsPolicy = new TlsPolicy(get(Option.TLS_LEVEL), get(Option.TLS_TRANSPORT),
                TlsPolicy.parseMatch(String.join(" ", get(Option.TLS_MATCH))));
        Stage stop = get(Option.STOP_AFTER);
        Locale locale = get(Option.LANG);
        Pattern banner = get(Option.EXPECT_BANNER);
        AuthMechanism mechanism = get(Option.AUTH_MECHANISM);
        Credentials credentials = user == null || user.isBlank() ? null : new Credentials(user, secret, mechanism);
        Expectations expectations = new Expectations(banner, get(Option.EXPECT_EHLO), get(Option.MIN_CERT_DAYS));
        Limits limits = Limits.DEFAULT.withTimeouts(get(Option.CONNECT_TIMEOUT), get(Option.REPLY_TIMEOUT), get(Option.TIMEOUT));
        TlsOptions tls = new TlsOptions(get(Option.TRUST_FILE));
        String body = get(Option.BODY);
        MessageSpec message = new MessageSpec(get(Option.SUBJECT), body == null ? MessageSpec.DEFAULT.body() : body);
        int port = get(Option.PORT);
        String helo = get(Option.HELO);
        String from = get(Option.FROM);
        List<String> to = get(Option.TO);
        boolean allowPlaintextAuth = get(Option.ALLOW_PLAINTEXT_AUTH);
        boolean allowUnverifiedAuth = get(Option.ALLOW_UNVERIFIED_AUTH);
        return target -> CheckRequest.builder(target.host())
                .port(target.port() == 0 ? port : target.port())
                .tlsPolicy(tlsPolicy)
                .heloName(helo)
                .credentials(credentials)
                .allowPlaintextAuth(allowPlaintextAuth)
                .allowUnverifiedAuth(allowUnverifiedAuth)
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

    /** What the build does with the verdicts. */
    public BuildPolicy policy() {
        return new BuildPolicy(get(Option.FAIL_ON_TRANSIENT), get(Option.FAIL_ON_PERMANENT));
    }

    /** Runs the checks with the run's fan-out (sessions at once, per host, the run's deadline) and DNS server. */
    public CheckRunner runner() {
        FanOut fanOut = FanOut.auto(get(Option.PARALLEL)).withPerDestination(get(Option.PER_HOST));
        Duration runTimeout = get(Option.RUN_TIMEOUT);
        if (runTimeout != null && (runTimeout.isZero() || runTimeout.isNegative())) {
            throw new InvalidRequestException(Option.RUN_TIMEOUT.field(), "0 would end the run before any check; give a duration such as 10m, or none");
        }
        return new CheckRunner(JndiMxResolver.forServer(get(Option.DNS_SERVER)), runTimeout == null ? fanOut : fanOut.withRunDeadline(runTimeout));
    }

    /** The options that were set, as text: names the values, none of which is a secret. */
    @Override
    public String toString() {
        return "CheckOptions" + new java.util.TreeMap<>(texts);
    }
}
