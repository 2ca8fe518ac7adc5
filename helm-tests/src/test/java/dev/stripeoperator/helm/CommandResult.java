package dev.stripeoperator.helm;

import java.util.List;

/** How a finished command exited and what it printed. */
record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    /** This result when the command exited 0; otherwise an assertion error that shows what it printed. */
    CommandResult requireSuccess() {
        if (exitCode != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + exitCode + "\n--- stderr\n" + stderr
                    + "\n--- stdout\n" + stdout);
        }
        return this;
    }
}
