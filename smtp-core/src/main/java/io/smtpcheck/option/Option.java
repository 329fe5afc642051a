package io.smtpcheck.option;

import io.smtpcheck.request.AuthMechanism;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.InvalidRequestException;
import io.smtpcheck.request.Limits;
import io.smtpcheck.request.Stage;
import io.smtpcheck.run.FanOut;
import io.smtpcheck.tls.CertDays;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsTransport;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One option of a check, as every front end offers it: its name (the Maven parameter and Jenkins field; the command
 * line writes it in kebab case, {@code stopAfter} as {@code --stop-after}), what its value is, its default, and a
 * line of help. The constants below are the table: the command line builds its options from it, the option tables of
 * the documentation are generated from it ({@link OptionMarkdown}), and the fields that Maven and Jenkins require are
 * checked against it by tests. Adding an option is a row here and the code that uses its value.
 *
 * @param <T> the value once read: String, Integer, Boolean, Duration, List, Locale, Pattern or an enum of core
 */
public final class Option<T> {

    private static final Pattern LIST_SEPARATORS = Pattern.compile("[,\\s]+");

    // The table, in the order the documentation lists it.

    public static final Option<String> HOST = define("host", Kind.TEXT).only(Shell.MAVEN, Shell.JENKINS).perTarget().label("HOST")
            .help("the listener to check: host, host:port, [2001:db8::1]:25 or mx:domain (every MX host of the domain); the Maven goal takes several, separated by commas")
            .build();
    public static final Option<Object> TARGETS = define("targets", Kind.ELEMENTS).only(Shell.MAVEN)
            .help("<target> elements, each with a <host> and the options in which it differs from the goal's").build();
    public static final Option<Integer> PORT = define("port", Kind.PORT).byDefault(Integer.toString(CheckRequest.DEFAULT_PORT))
            .cli("-p", "--port").label("<port>").help("port when the target names none").build();
    public static final Option<TlsLevel> TLS_LEVEL = define("tlsLevel", Kind.TLS_LEVEL).byDefault(TlsLevel.MAY.optionName()).label("LEVEL")
            .help("TLS security level, as Postfix's smtp_tls_security_level: none; may (STARTTLS when offered, the certificate reported "
                    + "but never failing, plaintext when the handshake fails); encrypt (TLS required); verify and secure (TLS with a trusted "
                    + "chain and a matching name)").build();
    public static final Option<TlsTransport> TLS_TRANSPORT = define("tlsTransport", Kind.TLS_TRANSPORT)
            .byDefault(TlsTransport.STARTTLS.optionName()).label("TRANSPORT")
            .help("how TLS starts: starttls (after EHLO) or implicit (from the first byte: SMTPS, port 465)").build();
    public static final Option<List<String>> TLS_MATCH = define("tlsMatch", Kind.LIST).label("NAME")
            .note("hostname; at secure nexthop, dot-nexthop")
            .help("names the certificate must carry, as Postfix's match lists: hostname (the host connected to), nexthop (the mail domain "
                    + "of an mx: target), dot-nexthop, mx.example.com, .example.com (any subdomain)").build();
    public static final Option<String> HELO = define("helo", Kind.TEXT).note("this machine's FQDN, else the local address as a literal ([192.0.2.1])").label("NAME")
            .help("the EHLO/HELO argument").build();
    public static final Option<String> FROM = define("from", Kind.TEXT).note("the null sender <>").label("ADDRESS")
            .help("the MAIL FROM address").build();
    public static final Option<List<String>> TO = define("to", Kind.LIST).label("ADDRESS")
            .help("RCPT TO addresses, separated by commas (on the command line the option may also be repeated)").build();
    public static final Option<Stage> STOP_AFTER = define("stopAfter", Kind.STAGE).label("STAGE")
            .note("rcpt with recipients, else auth with credentials, else tls unless the TLS level is none, else ehlo")
            .help("the last stage: connect, banner, ehlo, tls, auth, mail, rcpt or data; only data sends a message").build();
    public static final Option<String> SUBJECT = define("subject", Kind.TEXT).note("a test text").label("<subject>")
            .help("subject of the test message, sent only when the check stops after data").build();
    public static final Option<String> BODY = define("body", Kind.TEXT).note("a test text").label("<body>")
            .help("body of the test message").build();
    public static final Option<String> USER = define("user", Kind.TEXT).only(Shell.CLI).label("NAME")
            .help("AUTH user name; the secret comes from --password-env or --password-file, never the command line").build();
    public static final Option<String> PASSWORD_ENV = define("passwordEnv", Kind.TEXT).only(Shell.CLI).byDefault("SMTP_CHECK_PASSWORD")
            .label("VAR").help("environment variable holding the password or OAuth token").build();
    public static final Option<String> PASSWORD_FILE = define("passwordFile", Kind.PATH).only(Shell.CLI).label("FILE")
            .help("file holding the password or token on one line, at most 64 KiB (preferred in scripts)").build();
    public static final Option<String> SERVER_ID = define("serverId", Kind.TEXT).only(Shell.MAVEN).perTarget().note("none (no AUTH)")
            .help("id of a <server> in settings.xml whose <username> and <password> (encrypted with mvn --encrypt-password or not) are used for AUTH")
            .build();
    public static final Option<String> CREDENTIALS_ID = define("credentialsId", Kind.TEXT).only(Shell.JENKINS).note("none (no AUTH)")
            .help("id of a Username with password credential used for AUTH").build();
    public static final Option<AuthMechanism> AUTH_MECHANISM = define("authMechanism", Kind.AUTH_MECHANISM)
            .note("the best offered").label("MECH").help("PLAIN, LOGIN, CRAM-MD5 or XOAUTH2 (the password is then the OAuth token)").build();
    public static final Option<Boolean> ALLOW_PLAINTEXT_AUTH = define("allowPlaintextAuth", Kind.FLAG)
            .help("allow AUTH without TLS (the password crosses the network in clear)").build();
    public static final Option<Boolean> ALLOW_UNVERIFIED_AUTH = define("allowUnverifiedAuth", Kind.FLAG)
            .help("allow AUTH over TLS whose certificate is not Verified (self-signed, private CA without the trust file, wrong name): "
                    + "a lab or a private relay").build();
    public static final Option<Pattern> EXPECT_BANNER = define("expectBanner", Kind.REGEX).label("REGEX")
            .help("regular expression the 220 banner must contain a match of, e.g. ESMTP Postfix").build();
    public static final Option<List<String>> EXPECT_EHLO = define("expectEhlo", Kind.LIST).label("KEYWORD")
            .help("EHLO keywords the listener must offer (STARTTLS, SIZE, 8BITMIME...)").build();
    public static final Option<CertDays> MIN_CERT_DAYS = define("minCertDays", Kind.CERT_DAYS).note("off").label("WARN[,CRIT]")
            .help("as check_smtp -D: warn when the earliest-expiring certificate of the presented chain has fewer days left than WARN, "
                    + "fail below CRIT or when it has expired; 30,7 or 30 (warn only) or ,7 (fail only)").build();
    public static final Option<String> TRUST_FILE = define("trustFile", Kind.PATH).note("the JVM's CAs").label("PEM")
            .help("PEM file of CA certificates (or a self-signed certificate) to trust instead of the JVM's").build();
    public static final Option<Duration> CONNECT_TIMEOUT = define("connectTimeout", Kind.DURATION)
            .byDefault(seconds(Limits.DEFAULT.connectTimeout())).label("DURATION").help("per TCP connect attempt: 500ms, 10s, 2m or PT10S").build();
    public static final Option<Duration> REPLY_TIMEOUT = define("replyTimeout", Kind.DURATION)
            .byDefault(seconds(Limits.DEFAULT.replyTimeout())).label("DURATION").help("silence allowed while waiting for a reply").build();
    public static final Option<Duration> TIMEOUT = define("timeout", Kind.DURATION)
            .byDefault(seconds(Limits.DEFAULT.deadline())).label("DURATION").help("deadline for a whole check, DNS to QUIT").build();
    public static final Option<Locale> LANG = define("lang", Kind.LANGUAGE).choices("en", "fr", "ru", "ja", "ar").byDefault("en").label("LANG")
            .help("language of the reports (verdict, labels, stages, notes, diagnoses): en, fr, ru, ja or ar").build();
    public static final Option<Boolean> FAIL_ON_TRANSIENT = define("failOnTransient", Kind.FLAG).byDefault("true")
            .defaultIn(Shell.CLI, "false").defaultIn(Shell.JENKINS, "false").run()
            .cliChoice("--transient", "POLICY", "warn: a 4xx exits 1; fail: a 4xx exits 2 like a 5xx", "warn", "false", "fail", "true")
            .help("a 4xx (try again later) fails the build; otherwise it warns, and a Jenkins build turns unstable").build();
    public static final Option<Boolean> FAIL_ON_PERMANENT = define("failOnPermanent", Kind.FLAG).byDefault("true").only(Shell.JENKINS).run()
            .help("a 5xx, TLS, protocol, network or expectation failure fails the build; otherwise the build turns unstable").build();
    public static final Option<Integer> PARALLEL = define("parallel", Kind.PARALLELISM).byDefault("auto").only(Shell.CLI, Shell.MAVEN).run()
            .label("N").help("most sessions at once: auto (as many as this machine's free file descriptors, heap and cores allow) "
                    + "or a number, an upper bound on that").build();
    public static final Option<Integer> PER_HOST = define("perHost", Kind.COUNT).byDefault(Integer.toString(FanOut.DEFAULT_PER_DESTINATION))
            .only(Shell.CLI, Shell.MAVEN).run().label("N")
            .help("most sessions at once to one host, as Postfix's smtp_destination_concurrency_limit: a listener that caps connections "
                    + "per client answers the ones over its cap with 421, which the check would report as the listener's failure").build();
    public static final Option<Duration> RUN_TIMEOUT = define("runTimeout", Kind.DURATION).only(Shell.CLI, Shell.MAVEN).run()
            .note("none; each check ends within --timeout").label("DURATION")
            .help("deadline for the whole run: checks not started by then end as timeouts without a session, and a check running "
                    + "gets the time left as its own deadline").build();
    public static final Option<String> DNS_SERVER = define("dnsServer", Kind.TEXT).only(Shell.CLI, Shell.MAVEN).run().note("the system's")
            .label("HOST:PORT").help("DNS server (host or host:port) for mx: targets").build();
    public static final Option<String> FORMAT = define("format", Kind.CHOICE).only(Shell.CLI).choices("text", "json", "junit", "nagios")
            .byDefault("text").label("<format>").help("report on standard output: text, json, junit or nagios").build();
    public static final Option<Boolean> NO_TRANSCRIPT = define("noTranscript", Kind.FLAG).only(Shell.CLI).help("text format: verdicts only").build();
    public static final Option<String> JSON_FILE = define("jsonFile", Kind.PATH).only(Shell.CLI).label("FILE")
            .help("also write the JSON report to this file").build();
    public static final Option<String> JUNIT_FILE = define("junitFile", Kind.PATH).only(Shell.CLI).label("FILE")
            .help("also write the JUnit XML report to this file").build();
    public static final Option<String> OUTPUT_DIRECTORY = define("outputDirectory", Kind.PATH).only(Shell.MAVEN)
            .byDefault("${project.build.directory}/smtp-check").help("where smtp-check.json and TEST-smtp-check.xml are written").build();
    public static final Option<Boolean> SKIP = define("skip", Kind.FLAG).only(Shell.MAVEN).help("check nothing").build();

    private static final List<Option<?>> ALL = List.of(HOST, TARGETS, PORT, TLS_LEVEL, TLS_TRANSPORT, TLS_MATCH, HELO, FROM, TO, STOP_AFTER,
            SUBJECT, BODY, USER, PASSWORD_ENV, PASSWORD_FILE, SERVER_ID, CREDENTIALS_ID, AUTH_MECHANISM, ALLOW_PLAINTEXT_AUTH,
            ALLOW_UNVERIFIED_AUTH, EXPECT_BANNER, EXPECT_EHLO, MIN_CERT_DAYS, TRUST_FILE, CONNECT_TIMEOUT, REPLY_TIMEOUT, TIMEOUT, LANG,
            FAIL_ON_TRANSIENT, FAIL_ON_PERMANENT, PARALLEL, PER_HOST, RUN_TIMEOUT, DNS_SERVER, FORMAT, NO_TRANSCRIPT, JSON_FILE, JUNIT_FILE,
            OUTPUT_DIRECTORY, SKIP);

    private final String name;
    private final Kind kind;
    private final String defaultValue;
    private final String note;
    private final String label;
    private final String help;
    private final Set<Shell> shells;
    private final boolean check;
    private final boolean perTarget;
    private final Map<Shell, String> shellDefaults;
    private final List<String> choices;
    private final List<String> cliNames;
    private final String cliHelp;
    private final Map<String, String> cliValues;

    Option(OptionBuilder b) {
        this.name = b.name;
        this.kind = b.kind;
        this.defaultValue = b.defaultValue;
        this.note = b.note;
        this.label = b.label;
        this.help = Objects.requireNonNull(b.help, b.name);
        this.shells = Set.copyOf(Arrays.asList(b.shells));
        this.check = !b.run && shells.size() == Shell.values().length;
        this.perTarget = check || b.perTarget;
        this.shellDefaults = Map.copyOf(b.shellDefaults);
        this.choices = b.choices;
        this.cliNames = b.cliNames == null ? List.of("--" + kebab(b.name)) : b.cliNames;
        this.cliHelp = b.cliHelp == null ? help : b.cliHelp;
        this.cliValues = b.cliValues;
    }

    /** Every option, in the order of the documentation. */
    public static List<Option<?>> all() {
        return ALL;
    }

    /** The options one front end offers. */
    public static List<Option<?>> in(Shell shell) {
        return ALL.stream().filter(o -> o.shells.contains(shell)).toList();
    }

    /** The Maven parameter and Jenkins field: {@code stopAfter}. */
    public String name() {
        return name;
    }

    /** The name as {@link InvalidRequestException#field()} gives it, the flag without its dashes: {@code stop-after}. */
    public String field() {
        return kebab(name);
    }

    public Kind kind() {
        return kind;
    }

    /** The allowed values of a {@link Kind#CHOICE} or {@link Kind#LANGUAGE}; empty for other kinds. */
    public List<String> choices() {
        return choices;
    }

    /** The default as text, as the option reads it; null when there is none (see {@link #note()}). */
    public String defaultValue() {
        return defaultValue;
    }

    /** The default as one front end writes it: {@code warn} for the command line's {@code --transient}, {@code false} in Jenkins. */
    public String defaultIn(Shell shell) {
        String value = shellDefaults.getOrDefault(shell, defaultValue);
        if (shell == Shell.CLI && !cliValues.isEmpty()) {
            return cliValues.entrySet().stream().filter(e -> e.getValue().equals(value)).map(Map.Entry::getKey).findFirst().orElseThrow();
        }
        return value;
    }

    /** What applies when the option is not set and there is no default value: "this machine's name"; null otherwise. */
    public String note() {
        return note;
    }

    /** The placeholder of the value in help: {@code ADDRESS}, {@code DURATION}. */
    public String label() {
        return label;
    }

    /** One line, starting in lower case, without a final full stop. */
    public String help() {
        return help;
    }

    public boolean offeredBy(Shell shell) {
        return shells.contains(shell);
    }

    /** Shapes one check (it reaches the request), so every front end offers it. */
    public boolean shapesTheCheck() {
        return check;
    }

    /** May differ between the targets of one run: Maven's {@code <target>} has it. */
    public boolean perTarget() {
        return perTarget;
    }

    /** The Maven property that sets the parameter ({@code smtp-check.stopAfter}); null for nested configuration. */
    public String mavenProperty() {
        return kind == Kind.ELEMENTS ? null : "smtp-check." + name;
    }

    /** The flag and its aliases: {@code -p}, {@code --port}. */
    public List<String> cliNames() {
        return cliNames;
    }

    /** The long flag: {@code --port}, {@code --transient}. */
    public String cliName() {
        return cliNames.get(cliNames.size() - 1);
    }

    /** The help of the command line's form, which differs for {@code --transient}. */
    public String cliHelp() {
        return cliHelp;
    }

    /** The command line takes a flag without value ({@link Kind#FLAG}). */
    public boolean cliFlag() {
        return kind == Kind.FLAG && cliValues.isEmpty();
    }

    /**
     * The value a front end holds (a String, Boolean, Number, File, Path or a Collection; null when unset) as the
     * text the option reads: a list for {@link Kind#LIST}, else a string; null when unset or blank.
     */
    public Object text(Object raw) {
        if (raw == null || kind == Kind.ELEMENTS) {
            return null;
        }
        if (kind == Kind.LIST) {
            List<String> values = splitList(raw instanceof Collection<?> c ? c : List.of(raw));
            return values.isEmpty() ? null : values;
        }
        String text = raw instanceof File f ? f.getPath() : raw instanceof Path p ? p.toString() : raw.toString();
        return text.isBlank() ? null : text;
    }

    /** The value the command line's parser holds for {@link #cliName()} as the text the option reads. */
    public Object fromCli(Object raw) {
        if (!cliValues.isEmpty() && raw != null) {
            String value = cliValues.get(raw.toString().strip().toLowerCase(Locale.ROOT));
            if (value == null) {
                throw new InvalidRequestException(cliName().substring(2), "must be " + String.join(" or ", cliValues.keySet()) + ", not '" + raw + "'");
            }
            return value;
        }
        return text(raw);
    }

    /**
     * Reads the text ({@link #text}) of the option: its default when null.
     *
     * @throws InvalidRequestException naming the option when the text is not a value of it
     */
    @SuppressWarnings("unchecked")
    public T parse(Object text) {
        return (T) kind.parse(this, text != null ? text : defaultValue);
    }

    /**
     * A list option as a single form field, build variable or POM value gives it ({@code "a@example.com, b@example.com"},
     * one a line): every value split at commas and white space, blanks dropped, order kept.
     */
    public static List<String> splitList(Collection<?> values) {
        if (values == null) {
            return List.of();
        }
        return values.stream().filter(Objects::nonNull)
                .flatMap(v -> Arrays.stream(LIST_SEPARATORS.split(v.toString())))
                .filter(v -> !v.isEmpty())
                .toList();
    }

    @Override
    public String toString() {
        return name;
    }

    private static String kebab(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }

    private static OptionBuilder define(String name, Kind kind) {
        return new OptionBuilder(name, kind);
    }
}
