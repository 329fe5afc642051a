package io.smtpcheck.redact;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The forms a careless or hostile server could echo a secret in, written apart from {@link SecretMask} so that the
 * tests judge it: the secret itself, and the secret alone and in the PLAIN (with and without authorisation id), LOGIN
 * and XOAUTH2 blobs, each in standard and URL-safe base64, padded and not.
 */
public final class SecretForms {

    private static final List<Base64.Encoder> ENCODERS = List.of(Base64.getEncoder(), Base64.getEncoder().withoutPadding(),
            Base64.getUrlEncoder(), Base64.getUrlEncoder().withoutPadding());

    private SecretForms() {
    }

    public static List<String> of(String user, String secret) {
        List<String> forms = new ArrayList<>(List.of(secret));
        for (String blob : List.of(secret, "\0" + user + "\0" + secret, user + "\0" + user + "\0" + secret,
                "user=" + user + "\u0001auth=Bearer " + secret + "\u0001\u0001")) {
            forms.addAll(encodings(blob.getBytes(StandardCharsets.UTF_8)));
        }
        return forms;
    }

    /** The bytes in the four base64 variants. */
    public static List<String> encodings(byte[] bytes) {
        return ENCODERS.stream().map(e -> e.encodeToString(bytes)).toList();
    }
}
