package io.provisioning.connector.spi;

/** The operation failed for a passing reason (busy, timeout); trying again later may succeed. */
public class RetryableException extends ConnectorException {

    public RetryableException(String message, Throwable cause) {
        super(message, cause);
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
