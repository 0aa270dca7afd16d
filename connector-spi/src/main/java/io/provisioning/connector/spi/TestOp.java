package io.provisioning.connector.spi;

/** Checks that the target can be reached with the configured credentials. */
public interface TestOp extends Connector {

    /**
     * Returns normally when the target answers and accepts the credentials.
     *
     * @throws ConnectionFailedException if it does not
     */
    void test();
}
