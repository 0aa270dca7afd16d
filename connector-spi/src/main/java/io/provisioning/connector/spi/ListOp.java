package io.provisioning.connector.spi;

import java.util.List;
import java.util.Optional;

/** Lists every account of the target, a page at a time, for reconciliation. */
public interface ListOp extends Connector {

    /**
     * @param cursor   null for the first page, then the previous page's {@link Page#nextCursor()}
     * @param pageSize the most accounts to return; at least 1
     * @throws RetryableException if the target could not be reached or was busy
     */
    Page list(String cursor, int pageSize);

    /**
     * @param accounts   the accounts of this page; never null
     * @param nextCursor the cursor of the next page; empty on the last page
     */
    record Page(List<ConnectorAccount> accounts, Optional<String> nextCursor) {

        public Page {
            accounts = List.copyOf(accounts);
        }
    }
}
