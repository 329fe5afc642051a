package io.smtpcheck.redact;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every form in which a server could echo a secret back, and the scrubbing of text from them. A server may quote
 * the password as it is, the base64 of it or of the SASL blob it came in (PLAIN {@code \0user\0pass}, with and
 * without authorisation id; LOGIN; XOAUTH2 {@code user=..^Aauth=Bearer ..^A^A}; the CRAM-MD5 response), each with
 * or without padding, in the standard or the URL-safe alphabet, and also only part of one: a run of base64
 * characters cut out of any of these forms is masked once it is {@value #MIN_FRAGMENT} characters long.
 * Immutable: {@link #withSent} returns a new mask.
 */
public final class SecretMask {

    public static final String MASK = "********";

    /** Masks nothing: a check without credentials. */
    public static final SecretMask NONE = new SecretMask("", Set.of(), Set.of());

    /**
     * Shortest run of base64 characters masked for being part of an encoded form: 6 bytes of a blob, so that the
     * encoded second half of an 8-character password is masked too. A run must occur in one of the encoded forms to be
     * masked, which an ordinary word of a reply of that length does with negligible chance.
     */
    static final int MIN_FRAGMENT = 8;

    private static final List<Base64.Encoder> ENCODERS = List.of(Base64.getEncoder(), Base64.getEncoder().withoutPadding(),
            Base64.getUrlEncoder(), Base64.getUrlEncoder().withoutPadding());

    private final String username;
    /** Longest first, so a padded form goes before the unpadded one it contains. */
    private final List<String> forms;
    private final List<String> encoded;

    private SecretMask(String username, Set<String> raw, Set<String> encoded) {
        this.username = username;
        Set<String> all = new LinkedHashSet<>(raw);
        all.addAll(encoded);
        all.remove("");
        this.forms = all.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        this.encoded = List.copyOf(encoded);
    }

    /** The forms of {@code secret} alone and in every SASL blob that carries it with {@code username}. */
    public static SecretMask of(String username, String secret) {
        if (secret == null || secret.isEmpty()) {
            return NONE;
        }
        String user = username == null ? "" : username;
        Set<String> encoded = new LinkedHashSet<>();
        for (String blob : List.of(secret, "\0" + user + "\0" + secret, user + "\0" + user + "\0" + secret,
                "user=" + user + "\u0001auth=Bearer " + secret + "\u0001\u0001")) {
            encodings(blob.getBytes(StandardCharsets.UTF_8), encoded);
        }
        return new SecretMask(user, Set.of(secret), encoded);
    }

    /**
     * This mask and also the SASL response the client sent (the last word of {@code line}, e.g. the CRAM-MD5 answer,
     * whose digest allows a dictionary attack on the password), its other encodings and its decoded parts other than
     * the user name.
     */
    public SecretMask withSent(String line) {
        String token = line.strip();
        token = token.substring(token.lastIndexOf(' ') + 1);
        byte[] decoded = decode(token);
        if (decoded == null) {
            return this;
        }
        Set<String> raw = new LinkedHashSet<>(rawForms());
        Set<String> enc = new LinkedHashSet<>(encoded);
        encodings(decoded, enc);
        for (String part : new String(decoded, StandardCharsets.UTF_8).split("[\\x00\\x01 ]")) {
            if (part.length() >= 8 && !part.equals(username) && !part.equals("user=" + username)) {
                raw.add(part);
                encodings(part.getBytes(StandardCharsets.UTF_8), enc);
                if (part.chars().allMatch(c -> isBase64((char) c))) {
                    // A token such as the CRAM-MD5 digest: a long enough piece of it is masked too, as of an encoded form.
                    enc.add(part);
                }
            }
        }
        return new SecretMask(username, raw, enc);
    }

    public boolean isEmpty() {
        return forms.isEmpty();
    }

    /** The text with every form, and every long enough fragment of an encoded form, replaced by {@link #MASK}. */
    public String scrub(String text) {
        if (text == null || forms.isEmpty()) {
            return text;
        }
        String out = text;
        for (String form : forms) {
            out = out.replace(form, MASK);
        }
        return maskFragments(out);
    }

    /** The forms masked, longest first; for tests. */
    List<String> forms() {
        return forms;
    }

    private List<String> rawForms() {
        return forms.stream().filter(f -> !encoded.contains(f)).toList();
    }

    private String maskFragments(String text) {
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < text.length(); ) {
            if (!isBase64(text.charAt(i))) {
                i++;
                continue;
            }
            int end = i;
            while (end < text.length() && isBase64(text.charAt(end))) {
                end++;
            }
            if (end - i >= MIN_FRAGMENT && partOfEncodedForm(text.substring(i, end))) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, i).append(MASK);
                copied = end;
            }
            i = end;
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private boolean partOfEncodedForm(String run) {
        for (String form : encoded) {
            if (form.contains(run)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBase64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '-' || c == '_';
    }

    private static void encodings(byte[] bytes, Set<String> into) {
        for (Base64.Encoder encoder : ENCODERS) {
            into.add(encoder.encodeToString(bytes));
        }
    }

    /** The bytes of a base64 token in either alphabet, padded or not; null when it is not base64. */
    private static byte[] decode(String token) {
        if (token.isEmpty()) {
            return null;
        }
        String unpadded = token.replaceAll("=+$", "");
        try {
            return (unpadded.indexOf('-') >= 0 || unpadded.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(unpadded);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
