package io.provisioning.connector.spi.sample;

import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.ConnectorContractTest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The contract suite against the in-memory connector: the SPI alone is enough to write a connector that passes it. */
class InMemoryConnectorTest extends ConnectorContractTest {

    private final InMemoryConnector target = new InMemoryConnector("in-memory");

    @Override
    protected Connector newConnector() {
        return target;
    }

    @Override
    protected Optional<Map<String, List<String>>> refusedAttribute() {
        return Optional.empty();
    }
}
