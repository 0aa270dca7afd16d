package io.provisioning.connector.execution;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioning.connector.runtime.BrokenConnectorFactory;
import io.provisioning.connector.spi.TargetConfiguration;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.ProvisioningCommand;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * An Error a connector throws on one of the executor's threads is not a failed round to be retried:
 * it reaches the worker as the Error it is, so that the worker ends and the process with it.
 */
class FatalConnectorErrorTest {

    @Test
    void anErrorOnAConnectorThreadReachesTheCallerAsItself() {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            var connector = new BrokenConnectorFactory().create(new TargetConfiguration("broken-target", "broken", Map.of()));
            CommandExecutor executor = new CommandExecutor(connector, threads);

            assertThatThrownBy(() -> executor.execute(List.of(hire("a"), hire("b"))))
                    .isInstanceOf(BrokenConnectorFactory.ConnectorBroke.class);
        } finally {
            threads.shutdownNow();
        }
    }

    private static ProvisioningCommand hire(String account) {
        return new ProvisioningCommand("cmd-" + account, "evt-" + account, "W-" + account, "broken-target", account, 1,
                AccountState.PRESENT, Map.of("cn", List.of(account)), List.of(), List.of(), Map.of(), 1, "JOINER",
                Instant.now());
    }
}
