package dev.stripeoperator.receiver.forwarding;

import java.time.Duration;
import java.util.Optional;

/**
 * What one POST to the sink came to; reasons name a status or an error, never the payload.
 */
public sealed interface SinkResult {

    /** The sink answered 2xx. */
    record Delivered(int status) implements SinkResult {}

    /** Worth trying again later: timeout, connection error, 5xx, 408, 429; the sink may ask for a delay. */
    record Retry(String reason, Optional<Duration> retryAfter) implements SinkResult {}

    /** The sink refused the event for good (other 3xx/4xx); retrying cannot help. */
    record Rejected(String reason) implements SinkResult {}
}
