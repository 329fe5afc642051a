package io.jenkins.plugins.smtpcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.Result;
import hudson.slaves.EnvironmentVariablesNodeProperty;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.testkit.SeedSessions;
import io.smtpcheck.testkit.TlsIdentity;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The freestyle step against scripted listeners on loopback (smtp-testkit), and its "Test connection" button. */
@WithJenkins
class SmtpCheckBuilderTest {

    @Test
    void everyOptionSurvivesTheConfigurationForm(JenkinsRule j) throws Exception {
        SmtpCheckBuilder builder = new SmtpCheckBuilder("mail.example.com");
        builder.setPort("587");
        builder.setTlsLevel("verify");
        builder.setTlsTransport("implicit");
        builder.setTlsMatch(List.of("hostname, .example.com"));
        builder.setAllowUnverifiedAuth(true);
        builder.setHelo("probe.example.com");
        builder.setFrom("ops@example.com");
        builder.setTo(List.of("a@example.com", "b@example.com"));
        builder.setStopAfter("rcpt");
        builder.setSubject("probe");
        builder.setBody("hello");
        builder.setAuthMechanism("LOGIN");
        builder.setAllowPlaintextAuth(true);
        builder.setExpectBanner("ESMTP");
        builder.setExpectEhlo(List.of("STARTTLS", "SIZE"));
        builder.setMinCertDays("30,14");
        builder.setTrustFile("/etc/ssl/ca.pem");
        builder.setConnectTimeout("5s");
        builder.setReplyTimeout("20s");
        builder.setTimeout("1m");
        builder.setLang("fr");
        builder.setFailOnTransient(true);
        builder.setFailOnPermanent(false);
        FreeStyleProject project = j.createFreeStyleProject();
        project.getBuildersList().add(builder);

        project = j.configRoundtrip(project);

        j.assertEqualDataBoundBeans(builder, project.getBuildersList().get(SmtpCheckBuilder.class));
    }

    @Test
    void defaultsSurviveTheConfigurationForm(JenkinsRule j) throws Exception {
        SmtpCheckBuilder builder = new SmtpCheckBuilder("mail.example.com");
        FreeStyleProject project = j.createFreeStyleProject();
        project.getBuildersList().add(builder);

        project = j.configRoundtrip(project);

        j.assertEqualDataBoundBeans(builder, project.getBuildersList().get(SmtpCheckBuilder.class));
    }

    @Test
    void aCertificateBelowTheWarningThresholdMarksTheBuildUnstable(JenkinsRule j, @TempDir Path dir) throws Exception {
        TlsIdentity identity = TlsIdentity.selfSigned("localhost", Duration.ofDays(10));
        Path pem = identity.writePem(dir.resolve("ca.pem"));
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().starttls(identity).start()) {
            SmtpCheckBuilder builder = new SmtpCheckBuilder(server.host() + ":" + server.port());
            builder.setTo(List.of("user@other.com"));
            builder.setTrustFile(pem.toString());
            builder.setMinCertDays("30,7");

            FreeStyleBuild build = j.assertBuildStatus(Result.UNSTABLE, project(j, builder).scheduleBuild2(0));

            j.assertLogContains("PASS  " + server.host() + ":" + server.port() + ": passed up to RCPT TO", build);
            j.assertLogContains("warning:   The certificate CN=localhost expires in 9 days, fewer than the warning threshold of 30.", build);
            j.assertLogContains("the build is marked unstable", build);
        }
    }

    @Test
    void anAcceptingListenerPassesWithItsTranscriptInTheLog(JenkinsRule j) throws Exception {
        try (ScriptedSmtpServer server = SeedSessions.acceptingEsa().start()) {
            SmtpCheckBuilder builder = new SmtpCheckBuilder(server.host() + ":" + server.port());
            builder.setTo(List.of("user@other.com"));

            FreeStyleBuild build = j.buildAndAssertSuccess(project(j, builder));

            j.assertLogContains("220 my_esa.local ESMTP", build);
            j.assertLogContains("PASS", build);
            j.assertLogContains("passed up to RCPT TO", build);
        }
    }

    @Test
    void aPermanentRefusalFailsTheBuildWithTheDiagnosis(JenkinsRule j) throws Exception {
        try (ScriptedSmtpServer server = SeedSessions.startTlsRequired().start()) {
            SmtpCheckBuilder builder = new SmtpCheckBuilder(server.host() + ":" + server.port());
            builder.setTo(List.of("user@other.com"));

            FreeStyleBuild build = j.assertBuildStatus(Result.FAILURE, project(j, builder).scheduleBuild2(0));

            j.assertLogContains("530 #5.7.0 Must issue a STARTTLS command first", build);
            j.assertLogContains("The server requires TLS: STARTTLS must come first.", build);
        }
    }

    @Test
    void aTransientRefusalMarksTheBuildUnstableWithTheDiagnosisInItsLanguage(JenkinsRule j) throws Exception {
        try (ScriptedSmtpServer server = SeedSessions.tooManyConnectionsFromHost().start()) {
            SmtpCheckBuilder builder = new SmtpCheckBuilder(server.host() + ":" + server.port());
            builder.setLang("fr");

            FreeStyleBuild build = j.assertBuildStatus(Result.UNSTABLE, project(j, builder).scheduleBuild2(0));

            j.assertLogContains("421 #4.4.5", build);
            j.assertLogContains("Trop de connexions depuis votre hôte", build);
        }
    }

    @Test
    void aTransientRefusalFailsTheBuildWhenAskedTo(JenkinsRule j) throws Exception {
        try (ScriptedSmtpServer server = SeedSessions.tooManyConnectionsFromHost().start()) {
            SmtpCheckBuilder builder = new SmtpCheckBuilder(server.host() + ":" + server.port());
            builder.setFailOnTransient(true);

            j.assertBuildStatus(Result.FAILURE, project(j, builder).scheduleBuild2(0));
        }
    }

    @Test
    void buildVariablesAreExpandedInHostPortAndAddresses(JenkinsRule j) throws Exception {
        try (ScriptedSmtpServer server = SeedSessions.acceptingEsa().start()) {
            j.jenkins.getGlobalNodeProperties().add(new EnvironmentVariablesNodeProperty(
                    new EnvironmentVariablesNodeProperty.Entry("SMTP_HOST", server.host()),
                    new EnvironmentVariablesNodeProperty.Entry("SMTP_PORT", Integer.toString(server.port())),
                    new EnvironmentVariablesNodeProperty.Entry("RCPT", "user@other.com")));
            SmtpCheckBuilder builder = new SmtpCheckBuilder("$SMTP_HOST");
            builder.setPort("${SMTP_PORT}");
            builder.setTo(List.of("$RCPT"));

            FreeStyleBuild build = j.buildAndAssertSuccess(project(j, builder));

            j.assertLogContains("RCPT TO:<user@other.com>", build);
        }
    }

    @Test
    void thePasswordIsUsedButNeverPrinted(JenkinsRule j) throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(
                new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "smtp", null, "alice", "s3cret-Pa55word"));
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().auth("alice", "s3cret-Pa55word").start()) {
            SmtpCheckBuilder builder = new SmtpCheckBuilder(server.host() + ":" + server.port());
            builder.setTlsLevel("none");
            builder.setAllowPlaintextAuth(true);
            builder.setCredentialsId("smtp");

            FreeStyleBuild build = j.buildAndAssertSuccess(project(j, builder));

            j.assertLogContains("passed up to AUTH", build);
            j.assertLogNotContains("s3cret-Pa55word", build);
        }
    }

    @Test
    void theTestButtonAnswersOnlyThoseWhoMayConfigureTheJob(JenkinsRule j) throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ).everywhere().to("reader")
                .grant(Jenkins.ADMINISTER).everywhere().to("admin"));
        j.createFreeStyleProject("p");
        try (ScriptedSmtpServer server = SeedSessions.acceptingEsa().start()) {
            String test = "job/p/descriptorByName/" + SmtpCheckBuilder.class.getName() + "/testConnection?host="
                    + server.host() + "&port=" + server.port() + "&to=user@other.com";
            URL url = j.getURL().toURI().resolve(test).toURL();

            assertEquals(403, status(j, "reader", new WebRequest(url, HttpMethod.POST)));
            // @POST: a GET finds no route at all.
            assertEquals(404, status(j, "admin", new WebRequest(url, HttpMethod.GET)));
            JenkinsRule.WebClient admin = j.createWebClient().withBasicApiToken("admin");
            admin.setThrowExceptionOnFailingStatusCode(false);
            Page answer = admin.getPage(new WebRequest(url, HttpMethod.POST));
            assertEquals(200, answer.getWebResponse().getStatusCode());
            assertTrue(answer.getWebResponse().getContentAsString().contains("passed up to RCPT TO"));
            assertEquals(1, server.connectionCount(), "only the administrator's request reached the listener");
        }
    }

    /**
     * Outside a job the button could use any global credential against a host of the caller's choosing: that is
     * Overall/Administer's to allow, not Overall/Manage's (which must not lead to a privilege escalation). In a job,
     * Item/Configure is enough, and administration is not needed.
     */
    @Test
    void outsideAJobTheTestButtonNeedsAdministerNotManage(JenkinsRule j) throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Jenkins.MANAGE).everywhere().to("manager")
                .grant(Jenkins.READ, Item.READ, Item.CONFIGURE).everywhere().to("configurer")
                .grant(Jenkins.ADMINISTER).everywhere().to("admin"));
        j.createFreeStyleProject("p");
        try (ScriptedSmtpServer server = SeedSessions.acceptingEsa().start()) {
            String query = "descriptorByName/" + SmtpCheckBuilder.class.getName() + "/testConnection?host="
                    + server.host() + "&port=" + server.port() + "&to=user@other.com";
            URL global = j.getURL().toURI().resolve(query).toURL();
            URL inJob = j.getURL().toURI().resolve("job/p/" + query).toURL();

            assertEquals(403, status(j, "manager", new WebRequest(global, HttpMethod.POST)));
            assertEquals(403, status(j, "configurer", new WebRequest(global, HttpMethod.POST)));
            assertEquals(0, server.connectionCount(), "a refused request must not reach the listener");
            assertEquals(200, status(j, "configurer", new WebRequest(inJob, HttpMethod.POST)));
            assertEquals(200, status(j, "admin", new WebRequest(global, HttpMethod.POST)));
            assertEquals(2, server.connectionCount());
        }
    }

    private static int status(JenkinsRule j, String user, WebRequest request) throws Exception {
        JenkinsRule.WebClient client = j.createWebClient().withBasicApiToken(user);
        client.setThrowExceptionOnFailingStatusCode(false);
        return client.getPage(request).getWebResponse().getStatusCode();
    }

    private static FreeStyleProject project(JenkinsRule j, SmtpCheckBuilder builder) throws Exception {
        FreeStyleProject project = j.createFreeStyleProject();
        project.getBuildersList().add(builder);
        return project;
    }
}
