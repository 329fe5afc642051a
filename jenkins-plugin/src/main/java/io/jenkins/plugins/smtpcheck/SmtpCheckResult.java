package io.jenkins.plugins.smtpcheck;

import io.smtpcheck.reply.EnhancedCode;
import io.smtpcheck.classify.Outcome;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.report.BuildPolicy;
import io.smtpcheck.report.TextReport;
import io.smtpcheck.report.Verdicts;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.StageTiming;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jenkinsci.plugins.scriptsecurity.sandbox.whitelists.Whitelisted;

/**
 * What {@code smtpCheck} returns, for a script to decide on: the outcome of the check in plain values
 * ({@code r.outcome}, {@code r.stage}, {@code r.code}, {@code r.enhancedCode}, {@code r.diagnosis} ...).
 * An {@code mx:} target checks every MX host: {@link #getChecks()} lists each, and the fields of the result
 * itself are those of the worst one (the first of the worst), which decided the build.
 *
 * <p>Only strings, numbers, lists and maps, so it crosses from the agent and lives in the Pipeline's saved
 * state; its getters are whitelisted for the Groovy sandbox.
 */
public final class SmtpCheckResult implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String target;
    private final String address;
    private final String verdict;
    private final String outcome;
    private final String stage;
    private final String stageLabel;
    private final String headline;
    private final int code;
    private final String reply;
    private final String enhancedCode;
    private final String esaCode;
    private final String diagnosisId;
    private final String diagnosis;
    private final String explanation;
    private final String remedy;
    private final List<String> warnings;
    private final Map<String, Long> timings;
    private final long elapsedMillis;
    private final String transcript;
    private final String report;
    private final List<SmtpCheckResult> checks;
    private final BuildPolicy.Decision decision;

    private SmtpCheckResult(CheckResult result, String report, List<SmtpCheckResult> checks, BuildPolicy.Decision decision) {
        Outcome o = result.outcome();
        Reply r = o.reply();
        this.target = result.target();
        this.address = result.address();
        this.verdict = o.verdict().name();
        this.outcome = o.kind();
        this.stage = o.stage().name().toLowerCase(Locale.ROOT);
        this.stageLabel = o.stage().label();
        this.headline = o.headline();
        this.code = r == null ? 0 : r.code();
        this.reply = r == null ? null : r.raw();
        this.enhancedCode = r == null ? null : r.enhancedCode().map(EnhancedCode::toString).orElse(null);
        this.esaCode = r == null ? null : r.enhancedCode().map(EnhancedCode::esaForm).orElse(null);
        this.diagnosisId = o.diagnosis().id();
        this.diagnosis = o.diagnosis().summary();
        this.explanation = o.diagnosis().explanation();
        this.remedy = o.diagnosis().remedy();
        this.warnings = result.warnings().stream().map(w -> w.diagnosis().summary()).toList();
        Map<String, Long> stageMillis = new LinkedHashMap<>();
        for (StageTiming t : result.timings()) {
            stageMillis.put(t.stage().name().toLowerCase(Locale.ROOT), t.millis());
        }
        this.timings = Collections.unmodifiableMap(stageMillis);
        this.elapsedMillis = result.elapsedMillis();
        this.transcript = result.transcript().render();
        this.report = report;
        this.checks = checks;
        this.decision = decision;
    }

    /** Built on the agent from core's results, in target order; the policy gives each its decision. */
    static SmtpCheckResult of(List<CheckResult> results, BuildPolicy policy) {
        if (results.isEmpty()) {
            throw new IllegalStateException("a check produced no result");
        }
        List<SmtpCheckResult> checks = results.stream()
                .map(r -> new SmtpCheckResult(r, TextReport.render(r, true), List.of(), policy.decide(r)))
                .toList();
        return new SmtpCheckResult(Verdicts.worst(results).orElseThrow(), TextReport.render(results, true), checks, policy.decide(results));
    }

    /** The listener as it was named ({@code host:port}), or the MX host checked. */
    @Whitelisted
    public String getTarget() {
        return target;
    }

    /** The IP address connected to; null when no connection was made. */
    @Whitelisted
    public String getAddress() {
        return address;
    }

    /** PASS, TRANSIENT (4xx) or FAIL. */
    @Whitelisted
    public String getVerdict() {
        return verdict;
    }

    /** passed, transient, permanent, network, tls, protocol or expectation. */
    @Whitelisted
    public String getOutcome() {
        return outcome;
    }

    /** Where the check ended, as {@code stopAfter} names stages: connect, banner, ehlo, tls, auth, mail, rcpt, data. */
    @Whitelisted
    public String getStage() {
        return stage;
    }

    /** The same stage as the transcript names it: "220 banner", "RCPT TO". */
    @Whitelisted
    public String getStageLabel() {
        return stageLabel;
    }

    /** "passed up to RCPT TO", "transient failure (4xx) at 220 banner". */
    @Whitelisted
    public String getHeadline() {
        return headline;
    }

    /** The reply code that decided the outcome; 0 when none did (a refused connection, a TLS failure). */
    @Whitelisted
    public int getCode() {
        return code;
    }

    /** That reply as the server wrote it, lines joined by newlines; null without one. */
    @Whitelisted
    public String getReply() {
        return reply;
    }

    /** Its RFC 3463 enhanced status code ({@code 4.4.5}); null when the server gave none. */
    @Whitelisted
    public String getEnhancedCode() {
        return enhancedCode;
    }

    /** The same code as Cisco ESA writes it ({@code #4.4.5}). */
    @Whitelisted
    public String getEsaCode() {
        return esaCode;
    }

    /** A stable key of the diagnosis, the same in every language ({@code esa.too-many-connections-from-host}). */
    @Whitelisted
    public String getDiagnosisId() {
        return diagnosisId;
    }

    /** The diagnosis in one line, in the language of the {@code lang} option. */
    @Whitelisted
    public String getDiagnosis() {
        return diagnosis;
    }

    @Whitelisted
    public String getExplanation() {
        return explanation;
    }

    @Whitelisted
    public String getRemedy() {
        return remedy;
    }

    /**
     * What the check passed with but must be heard, in the {@code lang} option's language: a certificate below the
     * warning threshold of {@code minCertDays}, TLS fallen back to plaintext. Any of them marks the build unstable.
     */
    @Whitelisted
    public List<String> getWarnings() {
        return warnings;
    }

    /** Milliseconds per stage, keyed as {@link #getStage()} names them, in the order they ran. */
    @Whitelisted
    public Map<String, Long> getTimings() {
        return timings;
    }

    @Whitelisted
    public long getElapsedMillis() {
        return elapsedMillis;
    }

    /** The session as telnet would have shown it, secrets masked. */
    @Whitelisted
    public String getTranscript() {
        return transcript;
    }

    /** The block printed to the build log, transcript and diagnosis. */
    @Whitelisted
    public String getReport() {
        return report;
    }

    /** Every listener checked (several for an {@code mx:} target), each with its own fields; empty in those. */
    @Whitelisted
    public List<SmtpCheckResult> getChecks() {
        return checks;
    }

    /** What the build policy made of the check: pass, mark unstable, fail. */
    BuildPolicy.Decision decision() {
        return decision;
    }

    @Whitelisted
    @Override
    public String toString() {
        return verdict + " " + target + ": " + headline;
    }
}
