package io.smtpcheck.classify;

import io.smtpcheck.catalog.CatalogEntry;
import io.smtpcheck.catalog.DiagnosisCatalog;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** DiagnosisIds is the one list of the diagnoses outside the reply table: each has texts, and every other text has an id there. */
class DiagnosisIdsTest {

    private static Set<String> ids() throws IllegalAccessException {
        List<Class<?>> holders = new ArrayList<>(List.of(DiagnosisIds.class.getDeclaredClasses()));
        holders.add(DiagnosisIds.class);
        Set<String> ids = new TreeSet<>();
        for (Class<?> holder : holders) {
            for (Field f : holder.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                    ids.add((String) f.get(null));
                }
            }
        }
        return ids;
    }

    @Test
    void everyIdHasItsTextsAndEveryTextOutsideTheReplyTableHasAnId() throws IllegalAccessException {
        Set<String> ids = ids();
        ids.forEach(id -> assertThat(DiagnosisCatalog.standard().describe(id, Locale.ENGLISH).id()).isEqualTo(id));

        Set<String> tableIds = DiagnosisCatalog.standard().entries().stream().map(CatalogEntry::id).collect(Collectors.toSet());
        Set<String> others = ResourceBundle.getBundle("io.smtpcheck.catalog.Messages", Locale.ROOT).keySet().stream()
                .filter(key -> key.endsWith(".summary"))
                .map(key -> key.substring(0, key.length() - ".summary".length()))
                .filter(id -> !tableIds.contains(id) && !id.startsWith("generic."))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(ids).isEqualTo(others);
    }

    @Test
    void eachConcernHoldsOnlyItsOwnPrefix() throws IllegalAccessException {
        for (Class<?> holder : DiagnosisIds.class.getDeclaredClasses()) {
            String prefix = holder.getSimpleName().toLowerCase(Locale.ROOT) + ".";
            for (Field f : holder.getDeclaredFields()) {
                if (f.getType() == String.class) {
                    assertThat((String) f.get(null)).as("%s.%s", holder.getSimpleName(), f.getName()).startsWith(prefix);
                }
            }
        }
    }
}
