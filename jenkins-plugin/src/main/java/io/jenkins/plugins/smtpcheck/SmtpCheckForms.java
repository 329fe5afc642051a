package io.jenkins.plugins.smtpcheck;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.smtpcheck.option.CheckOptions;
import io.smtpcheck.option.Option;
import io.smtpcheck.request.AuthMechanism;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.InvalidRequestException;
import io.smtpcheck.request.Stage;
import io.smtpcheck.request.Target;
import io.smtpcheck.text.Printable;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsTransport;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/**
 * The form logic of both steps (their descriptors differ in type, not in what they offer): choices, checks
 * of single fields with core's own parsers, the credentials list, and the connection test.
 */
final class SmtpCheckForms {

    /** Fields with a help file next to {@link SmtpCheckBuilder}; the Pipeline step shows the same ones. */
    static final List<String> HELP_FIELDS = List.of("host", "port", "to", "credentialsId", "tlsLevel", "stopAfter",
            "failOnTransient", "lang", "trustFile");

    /** The test is a quick look from the controller: short bounds, whatever the job sets. */
    private static final String TEST_CONNECT_TIMEOUT = "5s";
    private static final String TEST_DEADLINE = "20s";

    /** A HELO name that spares form checks a look-up of the controller's own name. */
    private static final String PLACEHOLDER_HOST = "localhost";

    private SmtpCheckForms() {
    }

    static FormValidation checkHost(String value) {
        String host = Util.fixEmptyAndTrim(value);
        if (host == null) {
            return FormValidation.error(Messages.SmtpCheckForms_HostRequired());
        }
        return check(host, () -> Target.parse(host));
    }

    static FormValidation checkFrom(String value) {
        return check(value, () -> placeholderRequest().mailFrom(value).build());
    }

    static FormValidation checkTo(String value) {
        return check(value, () -> placeholderRequest().recipients(Option.splitList(List.of(Util.fixNull(value)))).build());
    }

    /** Reads one field with its option's own rules (a port, a duration, a regular expression). */
    static FormValidation check(Option<?> option, String value) {
        return check(SmtpCheckExecution.EXPANDED.contains(option) ? value : null, () -> option.parse(option.text(value)));
    }

    /** Postfix's levels under their own names (the values scripts write), the default first. */
    static ListBoxModel tlsLevelItems() {
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.SmtpCheckForms_TlsLevelMay(), "");
        items.add(Messages.SmtpCheckForms_TlsLevelEncrypt(), TlsLevel.ENCRYPT.optionName());
        items.add(Messages.SmtpCheckForms_TlsLevelVerify(), TlsLevel.VERIFY.optionName());
        items.add(Messages.SmtpCheckForms_TlsLevelSecure(), TlsLevel.SECURE.optionName());
        items.add(Messages.SmtpCheckForms_TlsLevelNone(), TlsLevel.NONE.optionName());
        return items;
    }

    static ListBoxModel tlsTransportItems() {
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.SmtpCheckForms_TlsTransportStartTls(), "");
        items.add(Messages.SmtpCheckForms_TlsTransportImplicit(), TlsTransport.IMPLICIT.optionName());
        return items;
    }

    static ListBoxModel stopAfterItems() {
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.SmtpCheckForms_StopAfterDefault(), "");
        for (Stage stage : Stage.values()) {
            if (stage != Stage.QUIT) {
                items.add(stage == Stage.DATA ? Messages.SmtpCheckForms_StopAfterData() : stage.label(),
                        stage.name().toLowerCase(Locale.ROOT));
            }
        }
        return items;
    }

    static ListBoxModel authMechanismItems() {
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.SmtpCheckForms_AuthAuto(), "");
        for (AuthMechanism mechanism : AuthMechanism.values()) {
            items.add(mechanism.saslName());
        }
        return items;
    }

    /** Each language under its own name, as language menus do. */
    static ListBoxModel langItems() {
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.SmtpCheckForms_LangDefault(), "");
        for (String tag : Option.LANG.choices()) {
            Locale locale = Locale.forLanguageTag(tag);
            items.add(locale.getDisplayLanguage(locale), tag);
        }
        return items;
    }

    /**
     * The username/password credentials the job may use, as the credentials plugin's consumer guide lists
     * them: nothing but the current value for those who could not choose one anyway.
     */
    static ListBoxModel credentialsIdItems(Item item, String credentialsId, String host) {
        StandardListBoxModel result = new StandardListBoxModel();
        if (!mayListCredentials(item)) {
            return result.includeCurrentValue(credentialsId);
        }
        return result.includeEmptyValue()
                .includeMatchingAs(authentication(item), item, StandardUsernamePasswordCredentials.class,
                        domain(host), CredentialsMatchers.always())
                .includeCurrentValue(credentialsId);
    }

    static FormValidation checkCredentialsId(Item item, String value) {
        String id = Util.fixEmptyAndTrim(value);
        if (id == null || !mayListCredentials(item)) {
            return FormValidation.ok();
        }
        if (id.startsWith("${") && id.endsWith("}")) {
            return FormValidation.warning(Messages.SmtpCheckForms_CredentialsExpression());
        }
        if (CredentialsProvider.listCredentialsInItem(StandardUsernamePasswordCredentials.class, item, authentication(item),
                List.of(), CredentialsMatchers.withId(id)).isEmpty()) {
            return FormValidation.error(Messages.SmtpCheckForms_CredentialsNotFound());
        }
        return FormValidation.ok();
    }

    /**
     * Who may press "Test connection": those who may configure the job; outside a job (the global Pipeline Syntax
     * page), administrators. Not {@link Jenkins#MANAGE}, which mailer-plugin checks for its test button: that
     * button sends a password typed into the form, while this one can send any global credential to a host the
     * caller picks, and Overall/Manage is the permission that must not lead to such an escalation.
     */
    static boolean mayTestConnection(Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
    }

    /**
     * The form fields the test reads (config.jelly sends them); the rest of the job's options (expectations, DATA)
     * are for the build, so the test never sends a message whatever the request says.
     */
    static final List<Option<?>> TEST_OPTIONS = List.of(Option.HOST, Option.PORT, Option.TLS_LEVEL, Option.TLS_TRANSPORT, Option.TLS_MATCH,
            Option.HELO, Option.FROM, Option.TO, Option.CREDENTIALS_ID, Option.AUTH_MECHANISM, Option.ALLOW_PLAINTEXT_AUTH,
            Option.ALLOW_UNVERIFIED_AUTH, Option.LANG);

    /**
     * Checks the listener from the controller, up to RCPT TO at most (no message is sent), with the job's
     * credentials as a build of the job would get them. The trust file is not read: it is a path on the agent.
     *
     * @param form the request's parameter of each option, by name
     * @throws org.springframework.security.access.AccessDeniedException without {@link #mayTestConnection}
     */
    static FormValidation testConnection(Item item, UnaryOperator<String> form) {
        if (item == null) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        } else {
            item.checkPermission(Item.CONFIGURE);
        }
        Map<Option<?>, Object> values = new HashMap<>();
        for (Option<?> option : TEST_OPTIONS) {
            String value = form.apply(option.name());
            if (SmtpCheckExecution.EXPANDED.contains(option) && hasVariable(value)) {
                return FormValidation.warning(Messages.SmtpCheckForms_TestNeedsValues());
            }
            values.put(option, value);
        }
        values.put(Option.CONNECT_TIMEOUT, TEST_CONNECT_TIMEOUT);
        values.put(Option.TIMEOUT, TEST_DEADLINE);
        try {
            CheckOptions options = CheckOptions.of(values);
            Target target = Target.parse(options.get(Option.HOST));
            String user = null;
            String secret = null;
            String id = Util.fixEmptyAndTrim(options.get(Option.CREDENTIALS_ID));
            if (id != null) {
                StandardUsernamePasswordCredentials credentials = CredentialsProvider.findCredentialByIdInItem(id,
                        StandardUsernamePasswordCredentials.class, item, authentication(item), SmtpCheckExecution.domain(target.host()));
                if (credentials == null) {
                    return FormValidation.error(Messages.SmtpCheckForms_CredentialsNotFound());
                }
                user = credentials.getUsername();
                secret = credentials.getPassword().getPlainText();
            }
            SmtpCheckResult result = new AgentCheck(options, target, user, secret).call();
            String html = "<pre>" + Util.escape(result.getReport()) + "</pre>";
            // As a build would take it: a 4xx or a warning (a certificate near its end, TLS fallen back to plaintext) warns.
            return switch (result.decision()) {
                case PASS -> FormValidation.okWithMarkup(html);
                case WARN -> FormValidation.warningWithMarkup(html);
                case FAIL -> FormValidation.errorWithMarkup(html);
            };
        } catch (InvalidRequestException e) {
            // FormValidation.error escapes HTML, not terminal controls: those are escaped as everywhere else.
            return FormValidation.error(e.parameter() + ": " + Printable.escape(e.problem()));
        }
    }

    /** The consumer guide's rule: list credentials only for those who could select or use them here. */
    private static boolean mayListCredentials(Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    /** The authentication a build of the job runs as, so the list offers what the build will find. */
    private static Authentication authentication(Item item) {
        return item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
    }

    private static List<DomainRequirement> domain(String host) {
        try {
            return SmtpCheckExecution.domain(Util.fixEmptyAndTrim(host) == null ? null : Target.parse(host).host());
        } catch (InvalidRequestException e) {
            return SmtpCheckExecution.domain(null);
        }
    }

    /** A request builder for checking one address with core's rules, without looking up the local host name. */
    private static CheckRequest.Builder placeholderRequest() {
        return CheckRequest.builder(PLACEHOLDER_HOST).heloName(PLACEHOLDER_HOST);
    }

    private static boolean hasVariable(String value) {
        return value != null && value.indexOf('$') >= 0;
    }

    /**
     * Runs one of core's parsers on a field; its message becomes the form's. Values naming a build variable
     * ({@code $SMTP_HOST}) are checked when the build has expanded them.
     *
     * @param raw the value as typed, for the variable test; null where variables are not expanded
     */
    private static FormValidation check(String raw, Runnable parse) {
        if (hasVariable(raw)) {
            return FormValidation.ok(Messages.SmtpCheckForms_CheckedWhenBuilt());
        }
        try {
            parse.run();
            return FormValidation.ok();
        } catch (InvalidRequestException e) {
            return FormValidation.error(Printable.escape(e.problem()));
        }
    }
}
