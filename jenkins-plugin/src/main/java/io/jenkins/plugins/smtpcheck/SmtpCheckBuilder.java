package io.jenkins.plugins.smtpcheck;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.smtpcheck.option.Option;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jenkins.tasks.SimpleBuildStep;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * "SMTP listener check" as a freestyle build step. Host, port, HELO name, addresses and the trust file
 * may name build variables ({@code $SMTP_HOST}), expanded when the build runs; the check itself runs on
 * the agent of the build ({@link SmtpCheckExecution}).
 */
public class SmtpCheckBuilder extends Builder implements SimpleBuildStep, SmtpCheckSettings {

    private final String host;
    private String port;
    private String tlsLevel;
    private String tlsTransport;
    private List<String> tlsMatch = new ArrayList<>();
    private String helo;
    private String from;
    private List<String> to = new ArrayList<>();
    private String stopAfter;
    private String subject;
    private String body;
    private String credentialsId;
    private String authMechanism;
    private boolean allowPlaintextAuth;
    private boolean allowUnverifiedAuth;
    private String expectBanner;
    private List<String> expectEhlo = new ArrayList<>();
    private String minCertDays;
    private String trustFile;
    private String connectTimeout;
    private String replyTimeout;
    private String timeout;
    private String lang;
    private boolean failOnTransient;
    private boolean failOnPermanent = true;

    @DataBoundConstructor
    public SmtpCheckBuilder(String host) {
        this.host = Util.fixEmptyAndTrim(host);
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env,
                        @NonNull Launcher launcher, @NonNull TaskListener listener) throws InterruptedException, IOException {
        SmtpCheckResult result = SmtpCheckExecution.run(this, run, launcher, listener, env::expand);
        if (SmtpCheckExecution.enforce(result, listener) != null) {
            run.setResult(Result.UNSTABLE);
        }
    }

    public String getHost() {
        return host;
    }

    public String getPort() {
        return port;
    }

    @DataBoundSetter
    public void setPort(String port) {
        this.port = Util.fixEmptyAndTrim(port);
    }

    public String getTlsLevel() {
        return tlsLevel;
    }

    @DataBoundSetter
    public void setTlsLevel(String tlsLevel) {
        this.tlsLevel = Util.fixEmptyAndTrim(tlsLevel);
    }

    public String getTlsTransport() {
        return tlsTransport;
    }

    @DataBoundSetter
    public void setTlsTransport(String tlsTransport) {
        this.tlsTransport = Util.fixEmptyAndTrim(tlsTransport);
    }

    public List<String> getTlsMatch() {
        return tlsMatch.isEmpty() ? null : List.copyOf(tlsMatch);
    }

    /** One text in the form ("hostname, .example.com"), a list in a script: both read alike. */
    @DataBoundSetter
    public void setTlsMatch(List<String> tlsMatch) {
        this.tlsMatch = new ArrayList<>(Option.splitList(tlsMatch));
    }

    public String getHelo() {
        return helo;
    }

    @DataBoundSetter
    public void setHelo(String helo) {
        this.helo = Util.fixEmptyAndTrim(helo);
    }

    public String getFrom() {
        return from;
    }

    @DataBoundSetter
    public void setFrom(String from) {
        this.from = Util.fixEmptyAndTrim(from);
    }

    public List<String> getTo() {
        return to.isEmpty() ? null : List.copyOf(to);
    }

    /** The form sends one text ("a@example.com, b@example.com"), a Pipeline script a list: both read alike. */
    @DataBoundSetter
    public void setTo(List<String> to) {
        this.to = new ArrayList<>(Option.splitList(to));
    }

    public String getStopAfter() {
        return stopAfter;
    }

    @DataBoundSetter
    public void setStopAfter(String stopAfter) {
        this.stopAfter = Util.fixEmptyAndTrim(stopAfter);
    }

    public String getSubject() {
        return subject;
    }

    @DataBoundSetter
    public void setSubject(String subject) {
        this.subject = Util.fixEmptyAndTrim(subject);
    }

    public String getBody() {
        return body;
    }

    @DataBoundSetter
    public void setBody(String body) {
        this.body = Util.fixEmpty(body);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public String getAuthMechanism() {
        return authMechanism;
    }

    @DataBoundSetter
    public void setAuthMechanism(String authMechanism) {
        this.authMechanism = Util.fixEmptyAndTrim(authMechanism);
    }

    public boolean isAllowPlaintextAuth() {
        return allowPlaintextAuth;
    }

    @DataBoundSetter
    public void setAllowPlaintextAuth(boolean allowPlaintextAuth) {
        this.allowPlaintextAuth = allowPlaintextAuth;
    }

    public boolean isAllowUnverifiedAuth() {
        return allowUnverifiedAuth;
    }

    @DataBoundSetter
    public void setAllowUnverifiedAuth(boolean allowUnverifiedAuth) {
        this.allowUnverifiedAuth = allowUnverifiedAuth;
    }

    public String getExpectBanner() {
        return expectBanner;
    }

    @DataBoundSetter
    public void setExpectBanner(String expectBanner) {
        this.expectBanner = Util.fixEmptyAndTrim(expectBanner);
    }

    public List<String> getExpectEhlo() {
        return expectEhlo.isEmpty() ? null : List.copyOf(expectEhlo);
    }

    @DataBoundSetter
    public void setExpectEhlo(List<String> expectEhlo) {
        this.expectEhlo = new ArrayList<>(Option.splitList(expectEhlo));
    }

    /** check_smtp's -D: {@code 30,7} warns below 30 days (the build turns unstable) and fails below 7. */
    public String getMinCertDays() {
        return minCertDays;
    }

    @DataBoundSetter
    public void setMinCertDays(String minCertDays) {
        this.minCertDays = Util.fixEmptyAndTrim(minCertDays);
    }

    public String getTrustFile() {
        return trustFile;
    }

    @DataBoundSetter
    public void setTrustFile(String trustFile) {
        this.trustFile = Util.fixEmptyAndTrim(trustFile);
    }

    public String getConnectTimeout() {
        return connectTimeout;
    }

    @DataBoundSetter
    public void setConnectTimeout(String connectTimeout) {
        this.connectTimeout = Util.fixEmptyAndTrim(connectTimeout);
    }

    public String getReplyTimeout() {
        return replyTimeout;
    }

    @DataBoundSetter
    public void setReplyTimeout(String replyTimeout) {
        this.replyTimeout = Util.fixEmptyAndTrim(replyTimeout);
    }

    public String getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = Util.fixEmptyAndTrim(timeout);
    }

    public String getLang() {
        return lang;
    }

    @DataBoundSetter
    public void setLang(String lang) {
        this.lang = Util.fixEmptyAndTrim(lang);
    }

    public boolean isFailOnTransient() {
        return failOnTransient;
    }

    @DataBoundSetter
    public void setFailOnTransient(boolean failOnTransient) {
        this.failOnTransient = failOnTransient;
    }

    public boolean isFailOnPermanent() {
        return failOnPermanent;
    }

    @DataBoundSetter
    public void setFailOnPermanent(boolean failOnPermanent) {
        this.failOnPermanent = failOnPermanent;
    }

    /** Form binding and validation; the checks themselves are {@link SmtpCheckForms}', shared with the Pipeline step. */
    @Extension
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.SmtpCheckBuilder_DisplayName();
        }

        public FormValidation doCheckHost(@QueryParameter String value) {
            return SmtpCheckForms.checkHost(value);
        }

        public FormValidation doCheckPort(@QueryParameter String value) {
            return SmtpCheckForms.check(Option.PORT, value);
        }

        public FormValidation doCheckFrom(@QueryParameter String value) {
            return SmtpCheckForms.checkFrom(value);
        }

        public FormValidation doCheckTo(@QueryParameter String value) {
            return SmtpCheckForms.checkTo(value);
        }

        public FormValidation doCheckExpectBanner(@QueryParameter String value) {
            return SmtpCheckForms.check(Option.EXPECT_BANNER, value);
        }

        public FormValidation doCheckConnectTimeout(@QueryParameter String value) {
            return SmtpCheckForms.check(Option.CONNECT_TIMEOUT, value);
        }

        public FormValidation doCheckReplyTimeout(@QueryParameter String value) {
            return SmtpCheckForms.check(Option.REPLY_TIMEOUT, value);
        }

        public FormValidation doCheckTimeout(@QueryParameter String value) {
            return SmtpCheckForms.check(Option.TIMEOUT, value);
        }

        public ListBoxModel doFillTlsLevelItems() {
            return SmtpCheckForms.tlsLevelItems();
        }

        public ListBoxModel doFillTlsTransportItems() {
            return SmtpCheckForms.tlsTransportItems();
        }

        public FormValidation doCheckTlsMatch(@QueryParameter String value) {
            return SmtpCheckForms.check(Option.TLS_MATCH, value);
        }

        public FormValidation doCheckMinCertDays(@QueryParameter String value) {
            return SmtpCheckForms.check(Option.MIN_CERT_DAYS, value);
        }

        public ListBoxModel doFillStopAfterItems() {
            return SmtpCheckForms.stopAfterItems();
        }

        public ListBoxModel doFillAuthMechanismItems() {
            return SmtpCheckForms.authMechanismItems();
        }

        public ListBoxModel doFillLangItems() {
            return SmtpCheckForms.langItems();
        }

        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId,
                                                     @QueryParameter String host) {
            return SmtpCheckForms.credentialsIdItems(item, credentialsId, host);
        }

        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            return SmtpCheckForms.checkCredentialsId(item, value);
        }

        /** Whether config.jelly shows the test button: only to those {@link #doTestConnection} would answer. */
        public boolean isTestConnectionAllowed() {
            StaplerRequest2 request = Stapler.getCurrentRequest2();
            return SmtpCheckForms.mayTestConnection(request == null ? null : request.findAncestorObject(Item.class));
        }

        /**
         * Runs the check from the controller with the values in the form. POST only, and only for those who
         * may configure the job (administrators outside a job), so that nobody else can make the controller
         * connect somewhere, nor send a job's credentials to a server of their choosing.
         */
        @POST
        public FormValidation doTestConnection(@AncestorInPath Item item) {
            StaplerRequest2 request = Stapler.getCurrentRequest2();
            return SmtpCheckForms.testConnection(item, request::getParameter);
        }
    }
}
