package io.jenkins.plugins.smtpcheck;

import hudson.model.Label;
import hudson.model.Result;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.testkit.SeedSessions;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** {@code smtpCheck} in a sandboxed Pipeline on an agent, its result read by the script. */
@WithJenkins
class SmtpCheckStepTest {

    @Test
    void theScriptReadsTheResultOfAPassingCheck(JenkinsRule j) throws Exception {
        j.createOnlineSlave(Label.get("smtp"));
        try (ScriptedSmtpServer server = SeedSessions.acceptingEsa().start()) {
            WorkflowRun run = j.assertBuildStatusSuccess(pipeline(j, """
                    node('smtp') {
                      def r = smtpCheck host: '%s', port: %d, to: ['user@other.com']
                      echo "outcome=${r.outcome} stage=${r.stage} code=${r.code} checks=${r.checks.size()}"
                    }
                    """.formatted(server.host(), server.port())).scheduleBuild2(0));

            j.assertLogContains("outcome=passed stage=rcpt code=250 checks=1", run);
        }
    }

    @Test
    void aTransientRefusalMarksTheBuildUnstableAndReturnsTheReply(JenkinsRule j) throws Exception {
        j.createOnlineSlave(Label.get("smtp"));
        try (ScriptedSmtpServer server = SeedSessions.tooManyRecipients().start()) {
            WorkflowRun run = j.assertBuildStatus(Result.UNSTABLE, pipeline(j, """
                    node('smtp') {
                      def r = smtpCheck host: '%s:%d', to: ['user@other.com', 'second@other.com'], tlsLevel: 'none'
                      echo "verdict=${r.verdict} outcome=${r.outcome} stage=${r.stage} code=${r.code} enhanced=${r.enhancedCode} esa=${r.esaCode}"
                      echo "diagnosis=${r.diagnosis}"
                    }
                    """.formatted(server.host(), server.port())).scheduleBuild2(0));

            j.assertLogContains("verdict=TRANSIENT outcome=transient stage=rcpt code=452 enhanced=4.5.3 esa=#4.5.3", run);
            j.assertLogContains("diagnosis=Too many recipients for one message.", run);
        }
    }

    @Test
    void aPermanentRefusalFailsTheStepUnlessTheScriptTakesIt(JenkinsRule j) throws Exception {
        j.createOnlineSlave(Label.get("smtp"));
        try (ScriptedSmtpServer server = SeedSessions.startTlsRequired().start()) {
            String check = "smtpCheck host: '%s', port: %d, to: ['user@other.com']".formatted(server.host(), server.port());

            WorkflowRun failed = j.assertBuildStatus(Result.FAILURE,
                    pipeline(j, "node('smtp') { " + check + " }").scheduleBuild2(0));
            j.assertLogContains("The server requires TLS: STARTTLS must come first.", failed);

            WorkflowRun taken = j.assertBuildStatus(Result.UNSTABLE, pipeline(j,
                    "node('smtp') { def r = " + check + ", failOnPermanent: false\n echo \"code=${r.code} remedy=${r.remedy != null}\" }")
                    .scheduleBuild2(0));
            j.assertLogContains("code=530 remedy=true", taken);
        }
    }

    @Test
    void outsideNodeTheStepSaysWhatItNeeds(JenkinsRule j) throws Exception {
        WorkflowRun run = j.assertBuildStatus(Result.FAILURE,
                pipeline(j, "smtpCheck host: 'mail.example.com'").scheduleBuild2(0));

        j.assertLogContains("hudson.Launcher", run);
    }

    private static WorkflowJob pipeline(JenkinsRule j, String script) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }
}
