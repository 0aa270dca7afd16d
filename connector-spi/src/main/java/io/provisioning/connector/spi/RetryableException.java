package io.provisioning.connector.spi;

import java.time.Duration;
import java.util.Optional;

/** The operation failed for a passing reason (busy, timeout); trying again later may succeed. */
public class RetryableException extends ConnectorException {

    private final Duration retryAfter;

    public RetryableException(String message, Throwable cause) {
        this(message, cause, null);
    }

    /**
     * @param retryAfter how long the target asked to be left alone (e.g. HTTP Retry-After); null if it did not say
     */
    public RetryableException(String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** How long the target asked to be left alone before the next attempt; empty if it did not say. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public String code() {
        return "RETRYABLE";
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
