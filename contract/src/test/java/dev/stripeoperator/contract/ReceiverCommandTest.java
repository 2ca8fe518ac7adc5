package dev.stripeoperator.contract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiverCommandTest {

    @Test
    void aCommandIsFoundByTheWordThatNamesIt() {
        assertThat(ReceiverCommand.of("serve")).contains(ReceiverCommand.SERVE);
        assertThat(ReceiverCommand.of("reconcile")).contains(ReceiverCommand.RECONCILE);
        assertThat(ReceiverCommand.of("replay")).contains(ReceiverCommand.REPLAY);
        assertThat(ReceiverCommand.of("list")).contains(ReceiverCommand.LIST);
        assertThat(ReceiverCommand.of("discard")).contains(ReceiverCommand.DISCARD);
        assertThat(ReceiverCommand.of("SERVE")).isEmpty();
        assertThat(ReceiverCommand.of("backfill")).isEmpty();
    }
}
