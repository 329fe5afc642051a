package io.smtpcheck.option;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fills one row of the {@link Option} table; the defaults are those of most options: every front end, no default value, no help yet. */
final class OptionBuilder {
    final String name;
    final Kind kind;
    String defaultValue;
    String note;
    String label;
    String help;
    Shell[] shells = Shell.values();
    boolean run;
    boolean perTarget;
    final Map<Shell, String> shellDefaults = new EnumMap<>(Shell.class);
    List<String> choices = List.of();
    List<String> cliNames;
    String cliHelp;
    Map<String, String> cliValues = Map.of();

    OptionBuilder(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
        this.defaultValue = kind == Kind.FLAG ? "false" : null;
    }

    OptionBuilder byDefault(String value) {
        this.defaultValue = value;
        return this;
    }

    /** A front end whose default differs (and whose field or parameter says so). */
    OptionBuilder defaultIn(Shell shell, String value) {
        shellDefaults.put(shell, value);
        return this;
    }

    /** What applies when unset, for options without a default value. */
    OptionBuilder note(String note) {
        this.note = note;
        return this;
    }

    OptionBuilder label(String label) {
        this.label = label;
        return this;
    }

    OptionBuilder help(String help) {
        this.help = help;
        return this;
    }

    /** Offered by these front ends only: an option of the way they take settings, or of the whole run. */
    OptionBuilder only(Shell... shells) {
        this.shells = shells;
        return this;
    }

    /** Holds for the whole run (policy, parallelism, DNS), not for one check. */
    OptionBuilder run() {
        this.run = true;
        return this;
    }

    OptionBuilder perTarget() {
        this.perTarget = true;
        return this;
    }

    OptionBuilder choices(String... choices) {
        this.choices = List.of(choices);
        return this;
    }

    OptionBuilder cli(String... names) {
        this.cliNames = List.of(names);
        return this;
    }

    /** A flag taking words of its own, each standing for a value of the option (warn for false). */
    OptionBuilder cliChoice(String name, String label, String help, String... wordThenValue) {
        this.cliNames = List.of(name);
        this.label = label;
        this.cliHelp = help;
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < wordThenValue.length; i += 2) {
            values.put(wordThenValue[i], wordThenValue[i + 1]);
        }
        this.cliValues = values;
        return this;
    }

    @SuppressWarnings("unchecked")
    <T> Option<T> build() {
        return (Option<T>) new Option<>(this);
    }
}
