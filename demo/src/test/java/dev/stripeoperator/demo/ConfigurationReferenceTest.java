package dev.stripeoperator.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.stripeoperator.contract.ReceiverSetting;
import dev.stripeoperator.operator.config.OperatorConfig;
import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.backfill.BackfillSettings;
import dev.stripeoperator.receiver.forwarding.ForwardingConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's settings tables name exactly the settings of the contract and the operator, and the receiver reads
 * exactly the contract's.
 */
class ConfigurationReferenceTest {

    private static final Path README = Path.of("README.md");
    private static final Pattern SETTING = Pattern.compile("`([A-Z][A-Z0-9_]+)`");

    /** An empty environment that remembers every variable asked for. */
    private static final class RecordingEnvironment extends AbstractMap<String, String> {
        final Set<String> asked = new TreeSet<>();

        @Override
        public String get(Object key) {
            asked.add((String) key);
            return null;
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return Set.of();
        }
    }

    @Test
    void receiverSettingsTableListsExactlyTheContractsSettings() throws IOException {
        assertThat(documentedIn("### Receiver settings")).containsExactlyInAnyOrderElementsOf(contractSettings());
    }

    @Test
    void theReceiverReadsExactlyTheContractsSettings() {
        RecordingEnvironment env = new RecordingEnvironment();
        ReceiverConfig.fromEnvironment(env);
        ForwardingConfig.fromEnvironment(env);
        BackfillSettings.fromEnvironment(env);

        assertThat(env.asked).containsExactlyInAnyOrderElementsOf(contractSettings());
    }

    @Test
    void operatorSettingsTableMatchesWhatTheOperatorReads() throws IOException {
        RecordingEnvironment env = new RecordingEnvironment();
        OperatorConfig.fromEnvironment(env, "test");

        assertThat(documentedIn("### Operator settings")).containsExactlyInAnyOrderElementsOf(env.asked);
    }

    private static Set<String> contractSettings() {
        return Arrays.stream(ReceiverSetting.values()).map(Enum::name).collect(Collectors.toSet());
    }

    /** The setting names in the first column of the table rows under this heading. */
    private static Set<String> documentedIn(String heading) throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf(heading);
        assertThat(start).as("README.md has a '%s' section", heading).isNotNegative();
        int end = readme.indexOf("\n### ", start + 1);
        Set<String> names = new TreeSet<>();
        for (String line :
                readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            if (line.startsWith("| `")) {
                Matcher matcher = SETTING.matcher(line.substring(0, line.indexOf('|', 1)));
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }
}
