package io.smtpcheck.catalog;

/**
 * What a result means for the person reading it, in their language: a one-line summary, why it happens
 * and what to do. {@code id} is stable across languages (for example {@code esa.too-many-connections-from-host}).
 */
public record Diagnosis(String id, String summary, String explanation, String remedy) implements java.io.Serializable {
}
