package dev.stripeoperator.receiver.deadletters;

import static dev.stripeoperator.contract.ReceiverSetting.ENDPOINT_NAME;

/** The help texts of {@code list}, {@code replay} and {@code discard}, which share their selection options. */
final class Usage {

    private static final String SELECTION = """
              --id             an event id (evt_...); repeatable; not combined with the options below
              --status         events in this status; repeatable; default dead (the dead letters)
              --type           events of this type, * wildcards as in ENABLED_EVENTS (invoice.*); repeatable
              --since          received by this receiver at or after this time, e.g. 2026-11-23T14:00:00Z
              --until          received before this time
              --created-since  created by Stripe at or after this time
              --created-until  created by Stripe before this time""";

    static final String LIST = """
            usage: receiver list [selection] [--limit N]
              Prints the stored events of %s that match, oldest received first: id, type, status, attempts,
              when Stripe created it, the last forwarding error and the last replay or discard; never payloads.
            %s
              --limit          print at most N events (default 100; 0: only count them)
              --status takes pending, failed, delivered, dead, ignored or discarded.""".formatted(ENDPOINT_NAME, SELECTION);

    static final String REPLAY = """
            usage: receiver replay [selection] [--dry-run] [--by WHO] [--reason WHY]
              Puts matching events of %s back to pending (attempts reset, due now); the running receivers
              forward them again. Events being forwarded right now, pending and ignored ones are left alone.
            %s
              --status takes dead, failed (waiting for a retry), delivered or discarded.
              --dry-run        print what would be replayed; change nothing
              --by, --reason   who asks and why, recorded with the run (--by defaults to your user name)""".formatted(ENDPOINT_NAME, SELECTION);

    static final String DISCARD = """
            usage: receiver discard [selection] --reason WHY [--by WHO] [--dry-run]
              Gives matching events of %s up for good: status discarded, which is final (never forwarded,
              deleted by retention like delivered events), recorded with who asked, when and why.
              Events being forwarded right now, delivered, ignored and discarded ones are left alone.
            %s
              --status takes dead, failed or pending.
              --reason         why (required unless --dry-run)
              --by             who asks (defaults to your user name)
              --dry-run        print what would be discarded; change nothing""".formatted(ENDPOINT_NAME, SELECTION);

    private Usage() {}
}
