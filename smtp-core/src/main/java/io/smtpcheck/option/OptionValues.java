package io.smtpcheck.option;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;

/**
 * Where a front end keeps the values users gave: the command line's parser, a POM's parameters, a Jenkins step's
 * fields. Each answers by option in its own types (String, Boolean, Number, File, Path, Collection; null when unset);
 * {@link CheckOptions#of} reads them all the same way.
 */
@FunctionalInterface
public interface OptionValues {

    /** The value as the front end holds it, or null when it has none for the option. */
    Object raw(Option<?> option);

    /** These values, and {@code fallback}'s where these have none: a Maven {@code <target>} over the goal's parameters. */
    default OptionValues orElse(OptionValues fallback) {
        return option -> {
            Object value = raw(option);
            return value != null ? value : fallback.raw(option);
        };
    }

    static OptionValues of(Map<Option<?>, ?> values) {
        return values::get;
    }

    /**
     * The fields of {@code holder} named like the options: Maven and Jenkins set the values of a goal or build step
     * through fields (or setters) named by the option, so the fields are the values. Tests check that those
     * fields are the table's, with its defaults.
     */
    static OptionValues fieldsOf(Object holder) {
        return option -> {
            try {
                Field field = holder.getClass().getDeclaredField(option.name());
                if (Modifier.isStatic(field.getModifiers())) {
                    return null;
                }
                field.setAccessible(true);
                return field.get(holder);
            } catch (NoSuchFieldException e) {
                return null;
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read the field " + option.name() + " of " + holder.getClass().getName(), e);
            }
        };
    }
}
