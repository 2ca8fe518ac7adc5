package dev.stripeoperator.receiver;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenResourcesTest {

    @Test
    void closesWhatWasOpenedLastFirst() {
        List<String> closed = new ArrayList<>();
        OpenResources resources = new OpenResources();
        resources.add(() -> closed.add("secrets"));
        resources.add(() -> closed.add("database"));
        resources.add(() -> closed.add("server"));

        resources.close();

        assertThat(closed).containsExactly("server", "database", "secrets");
    }

    @Test
    void closesEachOnlyOnce() {
        List<String> closed = new ArrayList<>();
        OpenResources resources = new OpenResources();
        resources.add(() -> closed.add("database"));
        resources.close();

        resources.close();

        assertThat(closed).containsExactly("database");
    }

    @Test
    void aCloseThatFailsStopsTheOnesOpenedBeforeIt() {
        List<String> closed = new ArrayList<>();
        OpenResources resources = new OpenResources();
        resources.add(() -> closed.add("secrets"));
        resources.add(() -> {
            throw new IllegalStateException("database stuck");
        });

        assertThatThrownBy(resources::close).hasMessage("database stuck");
        assertThat(closed).isEmpty();
    }
}
