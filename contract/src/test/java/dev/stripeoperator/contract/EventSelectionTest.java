package dev.stripeoperator.contract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventSelectionTest {

    @Test
    void aStatusIsFoundByTheWordTheTableWrites() {
        assertThat(EventSelection.Status.of("dead")).contains(EventSelection.Status.DEAD);
        assertThat(EventSelection.Status.of("discarded")).contains(EventSelection.Status.DISCARDED);
        assertThat(EventSelection.Status.of("DEAD")).isEmpty();
        assertThat(EventSelection.Status.of("forwarded")).isEmpty();
    }

    @Test
    void replayNeverTouchesWhatWaitsOrWasFilteredOutAndDiscardNeverWhatIsFinal() {
        assertThat(EventSelection.REPLAYABLE)
                .doesNotContain(EventSelection.Status.PENDING, EventSelection.Status.IGNORED)
                .contains(EventSelection.DEFAULT_STATUS);
        assertThat(EventSelection.DISCARDABLE)
                .doesNotContain(
                        EventSelection.Status.DELIVERED, EventSelection.Status.IGNORED, EventSelection.Status.DISCARDED)
                .contains(EventSelection.DEFAULT_STATUS);
    }
}
