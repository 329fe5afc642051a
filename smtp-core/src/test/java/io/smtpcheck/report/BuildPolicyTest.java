package io.smtpcheck.report;

import io.smtpcheck.report.BuildPolicy.Decision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.smtpcheck.classify.Verdict.valueOf;
import static org.assertj.core.api.Assertions.assertThat;

class BuildPolicyTest {

    @ParameterizedTest
    @CsvSource({
            "true,  true,  PASS,      PASS",
            "true,  true,  TRANSIENT, FAIL",
            "false, true,  TRANSIENT, WARN",
            "true,  true,  FAIL,      FAIL",
            "true,  false, FAIL,      WARN",
            "false, false, FAIL,      WARN",
            "false, false, PASS,      PASS"})
    void decidesEachVerdictByThePolicy(boolean failOnTransient, boolean failOnPermanent, String verdict, Decision expected) {
        assertThat(new BuildPolicy(failOnTransient, failOnPermanent).decide(valueOf(verdict))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"PASS, 0", "WARN, 1", "FAIL, 2"})
    void decisionsAreTheNagiosStatuses(Decision decision, int status) {
        assertThat(decision.nagiosStatus()).isEqualTo(status);
    }
}
