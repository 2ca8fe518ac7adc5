package dev.stripeoperator.contract;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    private static Settings of(String name, String value) {
        return new Settings(Map.of(name, value));
    }

    @Test
    void aBlankValueCountsAsUnsetAndValuesAreTrimmed() {
        Settings settings = new Settings(Map.of("BLANK", "  ", "PADDED", " value "));

        assertThat(settings.text("BLANK")).isEmpty();
        assertThat(settings.text("MISSING", "fallback")).isEqualTo("fallback");
        assertThat(settings.text("PADDED")).contains("value");
        assertThat(settings.number("BLANK", 7, 0, 10)).isEqualTo(7);
        assertThat(settings.duration("BLANK", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void numbersAreWholeAndWithinTheirRange() {
        assertThat(of("PORT", "8080").integer("PORT", 1, 0, 65535)).isEqualTo(8080);
        assertThatThrownBy(() -> of("PORT", "http").integer("PORT", 1, 0, 65535))
                .isInstanceOf(SettingException.class)
                .hasMessage("PORT must be a whole number, got 'http'");
        assertThatThrownBy(() -> of("PORT", "70000").integer("PORT", 1, 0, 65535))
                .isInstanceOf(SettingException.class)
                .hasMessage("PORT must be between 0 and 65535, got '70000'");
        assertThatThrownBy(() -> of("PORT", "99999999999999999999").integer("PORT", 1, 0, 65535))
                .isInstanceOf(SettingException.class)
                .hasMessageStartingWith("PORT must be a whole number");
    }

    @Test
    void booleansAreTrueOrFalseInAnyCase() {
        assertThat(of("FLAG", "TRUE").bool("FLAG")).contains(true);
        assertThat(of("FLAG", "false").bool("FLAG", true)).isFalse();
        assertThat(new Settings(Map.of()).bool("FLAG")).isEmpty();
        assertThatThrownBy(() -> of("FLAG", "yes").bool("FLAG"))
                .isInstanceOf(SettingException.class)
                .hasMessage("FLAG must be true or false, got 'yes'");
    }

    @Test
    void listsDropBlankEntriesButMustNameOne() {
        assertThat(of("TYPES", " invoice.*, ,charge.succeeded ").list("TYPES", List.of("*")))
                .containsExactly("invoice.*", "charge.succeeded");
        assertThat(new Settings(Map.of()).list("TYPES", List.of("*"))).containsExactly("*");
        assertThatThrownBy(() -> of("TYPES", ", ,").list("TYPES", List.of()))
                .isInstanceOf(SettingException.class)
                .hasMessageStartingWith("TYPES must be a comma list");
    }

    @Test
    void whatJoinedWritesListReadsBack() {
        List<String> entries = List.of("acct_1", "acct_2");

        assertThat(of("ACCOUNTS", Settings.joined(entries)).list("ACCOUNTS", List.of()))
                .isEqualTo(entries);
    }

    @Test
    void oneOfNamesTheAllowedValues() {
        assertThat(of("POLICY", "Never").oneOf("POLICY", "Always", Set.of("Always", "Never")))
                .isEqualTo("Never");
        assertThatThrownBy(() -> of("POLICY", "never").oneOf("POLICY", "Always", Set.of("Always", "Never")))
                .isInstanceOf(SettingException.class)
                .hasMessage("POLICY must be one of [Always, Never], got 'never'");
    }

    @Test
    void pathsArePlainAndAbsolute() {
        assertThat(new Settings(Map.of()).path("WEBHOOK_PATH", "/webhooks/stripe"))
                .isEqualTo("/webhooks/stripe");
        assertThat(of("WEBHOOK_PATH", "/hooks/v1.2/stripe_~x").path("WEBHOOK_PATH", "/"))
                .isEqualTo("/hooks/v1.2/stripe_~x");
        assertThatThrownBy(() -> of("WEBHOOK_PATH", "webhooks").path("WEBHOOK_PATH", "/"))
                .isInstanceOf(SettingException.class)
                .hasMessageStartingWith("WEBHOOK_PATH must be a plain absolute path")
                .hasMessageEndingWith("got 'webhooks'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/hooks/{id}", "/hooks/*", "/a//b", "/hooks/", "/a/../b", "/a%2Fb", "/a;x", "/a?b"})
    void aPathTheRouterOrAnIngressWouldReadAsMoreThanItselfIsRefused(String path) {
        assertThatThrownBy(() -> of("WEBHOOK_PATH", path).path("WEBHOOK_PATH", "/"))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("plain absolute path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://user:sink_secret@app", "https://", "not a url sink_secret", "/relative/sink_secret"})
    void aMalformedUrlIsReportedWithoutEchoingIt(String url) {
        assertThatThrownBy(() -> of("SINK_URL", url).url("SINK_URL"))
                .isInstanceOf(SettingException.class)
                .hasMessage("SINK_URL must be an absolute http(s) URL with a host");
    }

    @Test
    void aUrlWithAHostIsTaken() {
        assertThat(of("SINK_URL", "https://app.example/hook").url("SINK_URL"))
                .contains(URI.create("https://app.example/hook"));
    }

    @Test
    void durationsArePositiveAndWrittenTheKubernetesWay() {
        assertThat(of("LEASE", "1h30m").duration("LEASE", Duration.ZERO)).isEqualTo(Duration.ofMinutes(90));
        for (String bad : List.of("0s", "ten", "1.5h", "-1m", "PT1H")) {
            assertThatThrownBy(() -> of("LEASE", bad).duration("LEASE", Duration.ofMinutes(1)))
                    .isInstanceOf(SettingException.class)
                    .hasMessage("LEASE must be a positive duration such as 45s, 90m, 26h or 1h30m, got '" + bad + "'");
        }
    }
}
