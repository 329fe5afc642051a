package io.smtpcheck.maven;

import io.smtpcheck.classify.Verdict;
import io.smtpcheck.option.CheckOptions;
import io.smtpcheck.option.Option;
import io.smtpcheck.option.OptionValues;
import io.smtpcheck.report.BuildPolicy;
import io.smtpcheck.report.ReportFiles;
import io.smtpcheck.report.TextReport;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.InvalidRequestException;
import io.smtpcheck.request.Target;
import io.smtpcheck.run.CheckRunner;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.text.Printable;
import io.smtpcheck.text.Texts;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

import javax.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks SMTP listeners the way a mail administrator does with telnet (banner, EHLO, STARTTLS, AUTH, MAIL FROM,
 * RCPT TO, optionally DATA) and fails the build when one refuses: a 5xx, TLS, protocol, network or expectation
 * failure always, a 4xx unless {@code failOnTransient} is false. Each target is logged as one block (the session,
 * then the verdict with its diagnosis and remedy); JSON and JUnit XML reports go to {@code outputDirectory}.
 *
 * <p>The goal's options are the defaults of every target; a {@code <target>} overrides any of them. Not
 * {@code requiresOnline}: a gate that an offline build skipped silently would not be a gate.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true, requiresProject = false)
public class VerifyMojo extends AbstractMojo {

    /** Listener(s) to check with the goal's options: host, host:port, [v6]:port or mx:domain; several separated by commas. */
    @Parameter(property = "smtp-check.host")
    String host;

    /** Listeners to check, each a {@code <target>} with a {@code <host>} and any option that differs from the goal's. */
    @Parameter
    List<TargetConfig> targets;

    /** Port when a target names none. */
    @Parameter(property = "smtp-check.port", defaultValue = "25")
    int port;

    /**
     * The TLS security level, as Postfix's smtp_tls_security_level: none; may (STARTTLS when offered, the certificate
     * reported but never failing, plaintext when the handshake fails); encrypt (TLS required); verify and secure (TLS
     * with a trusted chain and a matching name).
     */
    @Parameter(property = "smtp-check.tlsLevel", defaultValue = "may")
    String tlsLevel;

    /** starttls (after EHLO) or implicit (TLS from the first byte: SMTPS, port 465). */
    @Parameter(property = "smtp-check.tlsTransport", defaultValue = "starttls")
    String tlsTransport;

    /**
     * Names the certificate must carry, as Postfix's match lists: hostname, nexthop (the mail domain of an mx: target),
     * dot-nexthop, mx.example.com, .example.com. Default: hostname; at secure nexthop, dot-nexthop.
     */
    @Parameter(property = "smtp-check.tlsMatch")
    List<String> tlsMatch;

    /** The EHLO/HELO argument; default: this machine's name. */
    @Parameter(property = "smtp-check.helo")
    String helo;

    /** The MAIL FROM address; default: the null sender {@code <>}. */
    @Parameter(property = "smtp-check.from")
    String from;

    /** RCPT TO addresses; on the command line separated by commas. */
    @Parameter(property = "smtp-check.to")
    List<String> to;

    /**
     * The last stage: connect, banner, ehlo, tls, auth, mail, rcpt or data. Default: rcpt with recipients, else auth
     * with a serverId, else tls unless the TLS level is none, else ehlo. Only data sends a test message.
     */
    @Parameter(property = "smtp-check.stopAfter")
    String stopAfter;

    /** Subject of the test message sent with stopAfter data. */
    @Parameter(property = "smtp-check.subject")
    String subject;

    /** Body of the test message sent with stopAfter data. */
    @Parameter(property = "smtp-check.body")
    String body;

    /**
     * The id of a {@code <server>} in settings.xml whose username and password (encrypted with
     * {@code mvn --encrypt-password} or not) are used for AUTH. There is no password parameter.
     */
    @Parameter(property = "smtp-check.serverId")
    String serverId;

    /** PLAIN, LOGIN, CRAM-MD5 or XOAUTH2 (the password is then the token); default: the best offered. */
    @Parameter(property = "smtp-check.authMechanism")
    String authMechanism;

    /** Allow AUTH without TLS (the password goes over the network in clear). */
    @Parameter(property = "smtp-check.allowPlaintextAuth", defaultValue = "false")
    boolean allowPlaintextAuth;

    /** Allow AUTH over TLS whose certificate is not Verified (self-signed, private CA without trustFile, wrong name). */
    @Parameter(property = "smtp-check.allowUnverifiedAuth", defaultValue = "false")
    boolean allowUnverifiedAuth;

    /** A regular expression the 220 banner must contain a match of, e.g. {@code ESMTP Postfix}. */
    @Parameter(property = "smtp-check.expectBanner")
    String expectBanner;

    /** EHLO keywords the listener must offer (STARTTLS, SIZE, 8BITMIME...). */
    @Parameter(property = "smtp-check.expectEhlo")
    List<String> expectEhlo;

    /**
     * As check_smtp -D, {@code warn[,crit]}: fewer days left than warn in the earliest-expiring certificate of the chain
     * logs a warning (the build passes), fewer than crit or an expired certificate fails; {@code 30,7}, {@code 30}, {@code ,7}.
     */
    @Parameter(property = "smtp-check.minCertDays")
    String minCertDays;

    /** PEM file of the CA certificates (or the self-signed certificate) to trust instead of the JVM's. */
    @Parameter(property = "smtp-check.trustFile")
    File trustFile;

    /** Per TCP connect attempt: 500ms, 10s, 2m or PT10S. */
    @Parameter(property = "smtp-check.connectTimeout", defaultValue = "10s")
    String connectTimeout;

    /** Silence allowed while waiting for a reply. */
    @Parameter(property = "smtp-check.replyTimeout", defaultValue = "30s")
    String replyTimeout;

    /** Deadline for a whole check, DNS to QUIT. */
    @Parameter(property = "smtp-check.timeout", defaultValue = "60s")
    String timeout;

    /** Language of the diagnoses: en, fr, ru, ja or ar. */
    @Parameter(property = "smtp-check.lang", defaultValue = "en")
    String lang;

    /** A 4xx (try again later) fails the build; false makes it a warning. */
    @Parameter(property = "smtp-check.failOnTransient", defaultValue = "true")
    boolean failOnTransient;

    /** Most sessions at once: auto (as many as the machine allows) or a number, an upper bound on that. */
    @Parameter(property = "smtp-check.parallel", defaultValue = "auto")
    String parallel;

    /** Most sessions at once to one host, so a listener's per-client connection limit is not what the check reports. */
    @Parameter(property = "smtp-check.perHost", defaultValue = "8")
    int perHost;

    /** Deadline for the whole run; default: none, each check ends within its timeout. */
    @Parameter(property = "smtp-check.runTimeout")
    String runTimeout;

    /** DNS server (host or host:port) for mx: targets; default: the system's. */
    @Parameter(property = "smtp-check.dnsServer")
    String dnsServer;

    /** Where smtp-check.json and TEST-smtp-check.xml are written. */
    @Parameter(property = "smtp-check.outputDirectory", defaultValue = "${project.build.directory}/smtp-check")
    File outputDirectory;

    /** Skip the check. */
    @Parameter(property = "smtp-check.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${settings}", readonly = true, required = true)
    Settings settings;

    private final SettingsDecrypter decrypter;

    @Inject
    public VerifyMojo(SettingsDecrypter decrypter) {
        this.decrypter = decrypter;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("smtp-check: skipped (skip is true)");
            return;
        }
        CheckOptions goal = CheckOptions.of(OptionValues.fieldsOf(this));
        BuildPolicy policy;
        CheckRunner runner;
        Texts texts;
        try {
            policy = goal.policy();
            runner = goal.runner();
            // The summaries are in the goal's language; each target's block is in its own (a target may set lang).
            texts = Texts.of(goal.get(Option.LANG));
        } catch (InvalidRequestException e) {
            throw new MojoExecutionException(badParameter(e, ""), e);
        }
        List<CheckRunner.Job> jobs = plan();
        ReportFiles reports;
        try {
            reports = ReportFiles.in(outputDirectory.toPath());
        } catch (InvalidRequestException e) {
            throw new MojoExecutionException(badParameter(e, ""), e);
        }
        List<CheckResult> results = runner.runJobs(jobs);
        // Logged after all checks ended, in target order, so parallel sessions never interleave in the log.
        results.forEach(r -> log(r, policy.decide(r)));
        writeReports(reports, results, policy, texts);
        String failures = results.stream().filter(r -> policy.decide(r.verdict()) == BuildPolicy.Decision.FAIL)
                .map(r -> TextReport.render(r, false)).collect(Collectors.joining("\n\n"));
        if (!failures.isEmpty()) {
            throw new MojoFailureException(failureMessage(results, policy, failures, reports, texts));
        }
    }

    /** Every target with its request function, each validated before the first connection. */
    List<CheckRunner.Job> plan() throws MojoExecutionException {
        List<Named> all = new ArrayList<>();
        if (host != null && !host.isBlank()) {
            for (String spec : host.split(",")) {
                if (!spec.isBlank()) {
                    all.add(new Named("smtp-check.host", TargetConfig.host(spec)));
                }
            }
        }
        if (targets != null) {
            for (int i = 0; i < targets.size(); i++) {
                all.add(new Named("<target> " + (i + 1) + " of <targets>", targets.get(i)));
            }
        }
        if (all.isEmpty()) {
            throw new MojoExecutionException("host: no listener to check; name one with -Dsmtp-check.host=mail.example.com:25 or list "
                    + "<targets><target><host>mail.example.com:25</host></target></targets> in the plugin configuration");
        }
        List<CheckRunner.Job> jobs = new ArrayList<>();
        for (Named named : all) {
            TargetConfig t = named.config();
            if (t.host == null || t.host.isBlank()) {
                throw new MojoExecutionException("host: " + named.where() + " has no <host>; give the listener as host, host:port or mx:domain");
            }
            try {
                Target target = Target.parse(t.host);
                Function<Target, CheckRequest> requestFor = requests(t);
                // Builds (and so validates) the request now: a typo in the last target must stop the build before any connection.
                requestFor.apply(target);
                jobs.add(new CheckRunner.Job(target, requestFor));
            } catch (InvalidRequestException e) {
                throw new MojoExecutionException(badParameter(e, named.where() + ", " + t.host.strip() + "; "), e);
            }
        }
        return jobs;
    }

    /** A target with where it was configured, for error messages. */
    private record Named(String where, TargetConfig config) {
    }

    /** The goal's options overridden by the target's, with the credentials of its serverId. */
    private Function<Target, CheckRequest> requests(TargetConfig t) throws MojoExecutionException {
        CheckOptions options = CheckOptions.of(OptionValues.fieldsOf(t).orElse(OptionValues.fieldsOf(this)));
        String id = options.get(Option.SERVER_ID);
        if (id == null) {
            return options.requests(null, null);
        }
        Server server = credentials(id.strip());
        try {
            return options.requests(server.getUsername(), server.getPassword());
        } catch (InvalidRequestException e) {
            if (e.field().equals("user") || e.field().equals("password")) {
                // The user and password are the server entry's, not parameters: point at the entry. Core never puts the password in a message.
                throw new MojoExecutionException("serverId: the <" + (e.field().equals("user") ? "username" : "password") + "> of <server> '"
                        + id + "' in settings.xml " + Printable.escape(e.problem()), e);
            }
            throw e;
        }
    }

    /** The server entry with its password decrypted; the password is held only here and in the request. */
    private Server credentials(String id) throws MojoExecutionException {
        Server server = settings.getServer(id);
        if (server == null) {
            throw new MojoExecutionException("serverId: settings.xml has no <server> with <id>" + id + "</id>; add one under <servers> with "
                    + "<username> and <password> (encrypted with mvn --encrypt-password), or correct <serverId> (-Dsmtp-check.serverId)");
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        List<String> problems = result.getProblems().stream()
                .filter(p -> p.getSeverity() != SettingsProblem.Severity.WARNING).map(SettingsProblem::getMessage).toList();
        if (!problems.isEmpty()) {
            throw new MojoExecutionException("serverId: the password of <server> '" + id + "' in settings.xml cannot be decrypted: "
                    + String.join("; ", problems) + ". Check the master password in ~/.m2/settings-security.xml (mvn --encrypt-master-password) "
                    + "and encrypt the password again with mvn --encrypt-password");
        }
        Server decrypted = result.getServer();
        for (String[] part : new String[][] {{"username", decrypted.getUsername()}, {"password", decrypted.getPassword()}}) {
            if (part[1] == null || part[1].isEmpty()) {
                throw new MojoExecutionException("serverId: the <server> '" + id + "' in settings.xml has no <" + part[0]
                        + ">; add it (encrypt the password with mvn --encrypt-password)");
            }
        }
        return decrypted;
    }

    /** @param where the target and where it was configured, followed by "; ", or empty for a parameter of the goal */
    private static String badParameter(InvalidRequestException e, String where) {
        String parameter = e.parameter();
        // The problem quotes the value as given: the POM's or -D's control characters must not reach the console raw.
        return parameter + ": " + Printable.escape(e.problem()) + " (" + Printable.escape(where) + "set <" + parameter + "> in the POM or -Dsmtp-check." + parameter + " on the command line)";
    }

    /**
     * One block per target: the session with the EHLO keywords folded (they are at debug), then the verdict with
     * its diagnosis, at the level of what it does to the build.
     */
    private void log(CheckResult result, BuildPolicy.Decision decision) {
        getLog().info("");
        Texts texts = Texts.of(result.locale());
        result.transcript().withCapabilitiesFolded(result.locale()).render().lines().forEach(getLog()::info);
        if (getLog().isDebugEnabled() && !result.capabilities().isEmpty()) {
            getLog().debug(texts.get("maven.keywords", Printable.escape(result.target()), Printable.escape(String.join(", ", result.capabilities()))));
        }
        getLog().info("");
        for (String line : TextReport.render(result, false).split("\n")) {
            switch (decision) {
                case PASS -> getLog().info(line);
                case WARN -> getLog().warn(line);
                case FAIL -> getLog().error(line);
            }
        }
        if (decision == BuildPolicy.Decision.WARN && result.verdict() == Verdict.TRANSIENT) {
            getLog().warn(texts.get("maven.not-failing"));
        }
        // A warning (certificate near its end, TLS fallen back to plaintext) never fails the build: it is logged as one.
        result.warnings().forEach(w -> getLog().warn(texts.get("maven.warning", result.target(), w.diagnosis().summary(), w.diagnosis().remedy())));
    }

    private void writeReports(ReportFiles reports, List<CheckResult> results, BuildPolicy policy, Texts texts) throws MojoExecutionException {
        try {
            reports.write(results, policy);
        } catch (IOException e) {
            throw new MojoExecutionException("outputDirectory: cannot write the reports " + reports.json() + ", " + reports.junit() + " (" + e + ")", e);
        }
        getLog().info("");
        getLog().info(texts.get("maven.reports", summary(results, texts), reports.json().toString(), reports.junit().toString()));
    }

    private static String summary(List<CheckResult> results, Texts texts) {
        Map<Verdict, Long> counts = results.stream().collect(Collectors.groupingBy(CheckResult::verdict, Collectors.counting()));
        return texts.get("maven.summary", results.size(), counts.getOrDefault(Verdict.PASS, 0L).toString(),
                counts.getOrDefault(Verdict.TRANSIENT, 0L).toString(), counts.getOrDefault(Verdict.FAIL, 0L).toString());
    }

    private static String failureMessage(List<CheckResult> results, BuildPolicy policy, String failures, ReportFiles reports, Texts texts) {
        boolean transientFailed = results.stream().anyMatch(r -> r.verdict() == Verdict.TRANSIENT && policy.decide(r.verdict()) == BuildPolicy.Decision.FAIL);
        return texts.get("maven.failure", summary(results, texts)) + "\n\n" + failures + "\n\n"
                + (transientFailed ? texts.get("maven.transient-hint") + "\n" : "")
                + texts.get("maven.failure-reports", reports.json().toString(), reports.junit().toString());
    }
}
