package io.jenkins.plugins.smtpcheck;

import io.smtpcheck.option.OptionValues;

/**
 * The freestyle builder and the Pipeline step: both hold the options of a check in fields named as core's
 * {@link io.smtpcheck.option.Option} table names them (Jenkins binds forms and scripts to fields and setters, so
 * they must be fields), and core reads those fields by name, for both in the same way ({@link SmtpCheckExecution#run}).
 * {@code JenkinsFieldsTest} in the conformance module holds the fields, setters and form fields to the table.
 */
interface SmtpCheckSettings {

    /** The values of this step's fields, by option. */
    default OptionValues optionValues() {
        return OptionValues.fieldsOf(this);
    }
}
