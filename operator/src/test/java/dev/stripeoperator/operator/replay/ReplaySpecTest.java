package dev.stripeoperator.operator.replay;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import dev.stripeoperator.contract.EventSelection;
import dev.stripeoperator.contract.ReceiverCommand;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The CRD's rules say what the receiver's commands take: the same actions and the same statuses per action. */
class ReplaySpecTest {

    @Test
    void theActionsAreTheReceiversCommands() {
        assertThat(ReceiverCommand.of(ReplaySpec.REPLAY)).contains(ReceiverCommand.REPLAY);
        assertThat(ReceiverCommand.of(ReplaySpec.DISCARD)).contains(ReceiverCommand.DISCARD);
    }

    @Test
    void theStatusesEachActionTakesAreTheContractsForThatCommand() {
        assertThat(words(ReplaySpec.REPLAYABLE)).isEqualTo(words(EventSelection.REPLAYABLE));
        assertThat(words(ReplaySpec.DISCARDABLE)).isEqualTo(words(EventSelection.DISCARDABLE));
    }

    /** The words of a CEL list such as {@code ['failed', 'dead']}. */
    private static Set<String> words(String celList) {
        return Arrays.stream(celList.replaceAll("[\\[\\]' ]", "").split(",")).collect(Collectors.toSet());
    }

    private static Set<String> words(Set<EventSelection.Status> statuses) {
        return statuses.stream().map(EventSelection.Status::word).collect(Collectors.toSet());
    }
}
