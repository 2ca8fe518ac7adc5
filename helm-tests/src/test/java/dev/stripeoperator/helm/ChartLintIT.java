package dev.stripeoperator.helm;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** `helm lint --strict` passes for every value set the chart ships. */
class ChartLintIT {

    private static Helm helm;

    @BeforeAll
    static void helm() {
        helm = new Helm(Repository.current());
    }

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void lintsCleanly(ValueSet values) {
        CommandResult lint = helm.lint(values.arguments(helm));

        assertThat(lint.exitCode()).as(lint.stdout() + lint.stderr()).isZero();
        assertThat(lint.stdout())
                .contains("1 chart(s) linted, 0 chart(s) failed")
                .doesNotContain("[WARNING]", "[ERROR]");
    }
}
