package io.provisioning.connector.spi;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The attribute changes of one account.
 *
 * @param replace attribute name to its complete new values (never empty lists); never null
 * @param remove  attributes to remove entirely; never null
 */
public record AttributeDelta(Map<String, List<String>> replace, Set<String> remove) {

    public AttributeDelta {
        replace = Map.copyOf(replace);
        remove = Set.copyOf(remove);
    }

    public boolean isEmpty() {
        return replace.isEmpty() && remove.isEmpty();
    }
}
