package dev.stripeoperator.contract;

import java.util.Locale;

/**
 * The one key set of log lines, whichever program and part writes them: {@code event_id} is always the Stripe
 * event's id, {@code outcome} always what became of the thing the line is about, {@code latency_ms} always
 * milliseconds with two decimals.
 */
public enum LogKey {
    /** The Stripe event's id, {@code evt_...}. */
    EVENT_ID,
    /** The Stripe event's type. */
    TYPE,
    /** The endpoint, {@code <namespace>/<name>}. */
    ENDPOINT,
    /** What became of it: a word of the line's kind (glossary). */
    OUTCOME,
    /** Why, as a code ({@code no_matching_signature}) or a short text. */
    REASON,
    /** HTTP status answered. */
    STATUS,
    /** Time taken, milliseconds with two decimals. */
    LATENCY_MS,
    /** Forwarding attempt number, 1 for the first. */
    ATTEMPT,
    /** When the next attempt is due, in milliseconds. */
    RETRY_IN_MS,
    /** The error that ended it, without payloads or secrets. */
    ERROR,
    /** How many events a step took at once. */
    EVENTS,
    /** How many rows were deleted. */
    DELETED,
    /** Where something was read from. */
    SOURCE,
    /** Fingerprint of the current signing secret. */
    CURRENT,
    /** Fingerprint of the previous signing secret. */
    PREVIOUS,
    /** When the previous signing secret expires. */
    PREVIOUS_EXPIRES_AT,
    /** A connected account, {@code acct_...}. */
    ACCOUNT,
    /** The API version an event is rendered at. */
    API_VERSION,
    /** The API version the Stripe endpoint renders events at. */
    ENDPOINT_API_VERSION,
    /** Seconds since the event was created. */
    AGE_S,
    /** Backfill counts (see {@link BackfillSummary}). */
    LISTED,
    ALREADY_PRESENT,
    MISSING,
    RECOVERED,
    /** Missing events stored as delivered by a backfill told the sink had them ({@code --forwarded-before}). */
    RESTORED,
    IGNORED,
    REFUSED,
    WRONG_MODE,
    UNSUBSCRIBED,
    VERSION_MISMATCHES,
    ACCOUNTS,
    /** Replay and discard counts (see {@link ReplaySummary}). */
    MATCHED,
    REPLAYED,
    DISCARDED,
    SKIPPED,
    FAILED,
    /** Who asked for a replay or discard. */
    BY,
    /** The {@code stripe_event_actions} row that records a replay or discard. */
    ACTION_ID,
    /** {@code true} when nothing was changed. */
    DRY_RUN,
    /** How long a run took, in milliseconds. */
    DURATION_MS,
    /** A sentence for people. */
    MESSAGE,
    /** A program's version. */
    VERSION,
    /** Namespaces watched. */
    NAMESPACES,
    /** Whether leader election is on. */
    LEADER_ELECTION,
    /** Port of a server. */
    PORT,
    /** A URL path. */
    PATH,
    /** A Stripe webhook endpoint's id, {@code we_...}. */
    STRIPE_ENDPOINT;

    /** The key as written: lower case with underscores. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
