package io.provisioning.connector.ldap;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import io.provisioning.connector.spi.ConnectorAccount;
import io.provisioning.connector.spi.ListOp.Page;
import io.provisioning.connector.spi.PermanentException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Lists the accounts a page at a time with the simple paged results control (RFC 2696). A paged
 * search must continue on the connection that started it, so each listing keeps one connection
 * of the pool until its last page, or until it has been idle for {@link #IDLE_LIMIT}.
 */
final class PagedListings implements AutoCloseable {

    private static final Duration IDLE_LIMIT = Duration.ofMinutes(10);

    private record Listing(LDAPConnection connection, ASN1OctetString cookie, Instant touched) {
    }

    private final LdapConnections connections;
    private final LdapSettings settings;
    private final Function<Entry, ConnectorAccount> mapper;
    private final Map<String, Listing> open = new ConcurrentHashMap<>();

    PagedListings(LdapConnections connections, LdapSettings settings, Function<Entry, ConnectorAccount> mapper) {
        this.connections = connections;
        this.settings = settings;
        this.mapper = mapper;
    }

    Page page(String cursor, int pageSize) {
        closeIdle();
        Listing listing;
        if (cursor == null) {
            try {
                listing = new Listing(connections.pool().getConnection(), null, Instant.now());
            } catch (LDAPException e) {
                throw LdapErrors.translate("list accounts", e);
            }
        } else {
            listing = open.remove(cursor);
            if (listing == null) {
                throw new PermanentException("unknown or expired listing cursor", null);
            }
        }
        try {
            SearchRequest search = new SearchRequest(settings.peopleDn(), SearchScope.SUB,
                    Filter.createPresenceFilter(settings.accountIdAttribute()), settings.readAttributes());
            search.addControl(new SimplePagedResultsControl(pageSize, listing.cookie()));
            SearchResult result = listing.connection().search(search);
            List<ConnectorAccount> accounts = result.getSearchEntries().stream().map(mapper).toList();
            SimplePagedResultsControl answer = SimplePagedResultsControl.get(result);
            if (answer == null || !answer.moreResultsToReturn()) {
                connections.pool().releaseConnection(listing.connection());
                return new Page(accounts, Optional.empty());
            }
            String next = UUID.randomUUID().toString();
            open.put(next, new Listing(listing.connection(), answer.getCookie(), Instant.now()));
            return new Page(accounts, Optional.of(next));
        } catch (LDAPException e) {
            connections.pool().releaseDefunctConnection(listing.connection());
            throw LdapErrors.translate("list accounts under " + settings.peopleDn(), e);
        }
    }

    @Override
    public void close() {
        open.values().forEach(listing -> listing.connection().close());
        open.clear();
    }

    private void closeIdle() {
        Instant limit = Instant.now().minus(IDLE_LIMIT);
        open.entrySet().removeIf(entry -> {
            if (entry.getValue().touched().isBefore(limit)) {
                connections.pool().releaseDefunctConnection(entry.getValue().connection());
                return true;
            }
            return false;
        });
    }
}
