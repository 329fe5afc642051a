package io.smtpcheck.redact;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskTest {

    private static final String USER = "alice@example.org";
    private static final String SECRET = "correct horse battery staple!";
    private static final SecretMask MASK = SecretMask.of(USER, SECRET);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Every blob a client sends with the secret in it, in every alphabet, padded and not. */
    static Stream<String> echoes() {
        return SecretForms.of(USER, SECRET).stream();
    }

    @ParameterizedTest
    @MethodSource("echoes")
    void everyEchoedFormIsMasked(String echoed) {
        String scrubbed = MASK.scrub("535 5.7.8 Error: authentication failed: " + echoed + " (try again)");
        assertThat(scrubbed).doesNotContain(echoed).contains(SecretMask.MASK).startsWith("535 5.7.8 Error").endsWith("(try again)");
    }

    @Test
    void unpaddedBase64OfThePasswordIsMasked() {
        String secret = "hunter2x";  // 8 bytes: its padded base64 ends in '=', the unpadded form is a strict prefix
        String unpadded = Base64.getEncoder().withoutPadding().encodeToString(utf8(secret));
        assertThat(SecretMask.of("bob", secret).scrub("535 " + unpadded + " rejected")).isEqualTo("535 " + SecretMask.MASK + " rejected");
    }

    @Test
    void aTruncatedEchoOfAnEncodedBlobIsMasked() {
        String xoauth = Base64.getEncoder().encodeToString(utf8("user=" + USER + "\u0001auth=Bearer " + SECRET + "\u0001\u0001"));
        String cut = xoauth.substring(10, 40);
        assertThat(MASK.scrub("535 got " + cut + "...")).isEqualTo("535 got " + SecretMask.MASK + "...");
    }

    @Test
    void ordinaryReplyTextIsLeftAlone() {
        String reply = "250-mx.example.org Hello client.example [127.0.0.1], AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2 2.7.0 Authentication successful";
        assertThat(MASK.scrub(reply)).isEqualTo(reply);
        assertThat(MASK.scrub("welcome " + USER)).as("the user name is not a secret").isEqualTo("welcome " + USER);
    }

    @Test
    void theCramMd5ResponseSentIsMaskedWholeAndItsDigest() throws Exception {
        String challenge = "<1896.697170952@postoffice.example.net>";
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(utf8(SECRET), "HmacMD5"));
        String digest = HexFormat.of().formatHex(mac.doFinal(utf8(challenge)));
        String response = Base64.getEncoder().encodeToString(utf8(USER + " " + digest));
        SecretMask mask = MASK.withSent(response);
        assertThat(mask.scrub("535 bad response " + response)).isEqualTo("535 bad response " + SecretMask.MASK);
        assertThat(mask.scrub("535 digest " + digest + " wrong")).isEqualTo("535 digest " + SecretMask.MASK + " wrong");
        assertThat(mask.scrub("535 " + Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(USER + " " + digest))))
                .isEqualTo("535 " + SecretMask.MASK);
        assertThat(MASK.scrub(digest)).as("the original mask is unchanged").isEqualTo(digest);
        assertThat(mask.scrub("hello " + USER)).isEqualTo("hello " + USER);
    }

    @Test
    void noneMasksNothing() {
        assertThat(SecretMask.NONE.isEmpty()).isTrue();
        assertThat(SecretMask.of("u", "").isEmpty()).isTrue();
        assertThat(SecretMask.NONE.scrub("250 ok")).isEqualTo("250 ok");
        assertThat(MASK.isEmpty()).isFalse();
    }

    @Test
    void longerFormsGoFirstSoNoTailOfAFormIsLeft() {
        List<String> forms = MASK.forms();
        for (int i = 1; i < forms.size(); i++) {
            assertThat(forms.get(i - 1).length()).isGreaterThanOrEqualTo(forms.get(i).length());
        }
        String padded = Base64.getEncoder().encodeToString(utf8(SECRET));
        assertThat(padded).endsWith("=");
        assertThat(MASK.scrub(padded)).isEqualTo(SecretMask.MASK);
    }
}
