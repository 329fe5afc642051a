package io.smtpcheck.request;

/**
 * A check that cannot be run as configured. Thrown before anything is sent, with a message that names
 * the setting, says what is wrong and what to do.
 */
public class InvalidRequestException extends IllegalArgumentException {

    private final String field;
    private final String problem;

    /**
     * @param field   the option at fault, under its command-line name without dashes ({@code to}, {@code stop-after})
     * @param problem what is wrong with it and what to do
     */
    public InvalidRequestException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** The option at fault as the command line names it without dashes: {@code to}, {@code stop-after}, {@code trust-file}. */
    public String field() {
        return field;
    }

    /** The same option as a POM or Jenkins job names it: {@code to}, {@code stopAfter}, {@code trustFile}. */
    public String parameter() {
        StringBuilder camel = new StringBuilder(field.length());
        boolean upper = false;
        for (char c : field.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }

    /** The message without the option name, for front ends that name the option their own way. */
    public String problem() {
        return problem;
    }
}
