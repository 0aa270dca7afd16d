package io.provisioning.connector.ldap;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import io.provisioning.connector.spi.ConnectionFailedException;
import java.security.GeneralSecurityException;
import javax.net.SocketFactory;

/**
 * The connection pool of one LDAP target, opened on first use so that a directory that is down at
 * start-up delays only its own commands; closed with the connector.
 */
final class LdapConnections implements AutoCloseable {

    /** One LDAP call on the pool. */
    @FunctionalInterface
    interface Call<T> {
        T on(LDAPConnectionPool pool) throws LDAPException;
    }

    private final LdapSettings settings;
    private LDAPConnectionPool pool;

    LdapConnections(LdapSettings settings) {
        this.settings = settings;
    }

    /** Runs a call and translates its failure; {@code operation} names it in the error, without secrets. */
    <T> T run(String operation, Call<T> call) {
        try {
            return call.on(pool());
        } catch (LDAPException e) {
            throw LdapErrors.translate(operation, e);
        }
    }

    synchronized LDAPConnectionPool pool() {
        if (pool == null || pool.isClosed()) {
            pool = open();
        }
        return pool;
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.close();
        }
    }

    private LDAPConnectionPool open() {
        try {
            LDAPConnectionOptions options = new LDAPConnectionOptions();
            options.setConnectTimeoutMillis(settings.connectTimeoutMillis());
            options.setResponseTimeoutMillis(settings.responseTimeoutMillis());
            SSLUtil ssl = settings.trustAllCertificates() ? new SSLUtil(new TrustAllTrustManager()) : new SSLUtil();
            SocketFactory sockets = settings.useLdaps() ? ssl.createSSLSocketFactory() : SocketFactory.getDefault();
            PostConnectProcessor startTls = settings.startTls()
                    ? new StartTLSPostConnectProcessor(ssl.createSSLContext())
                    : null;
            BindRequest bind = new SimpleBindRequest(settings.bindDn(), settings.bindPassword());
            SingleServerSet server = new SingleServerSet(settings.url().getHost(), settings.port(), sockets, options);
            LDAPConnectionPool opened = new LDAPConnectionPool(server, bind, 1, settings.poolSize(), startTls);
            opened.setCreateIfNecessary(true);
            opened.setMaxWaitTimeMillis(settings.responseTimeoutMillis());
            opened.setRetryFailedOperationsDueToInvalidConnections(true);
            opened.setConnectionPoolName(settings.targetId());
            return opened;
        } catch (LDAPException e) {
            throw LdapErrors.translate("connect to " + settings.url() + " as " + settings.bindDn(), e);
        } catch (GeneralSecurityException e) {
            throw new ConnectionFailedException("LDAP TLS set-up for " + settings.url() + " failed: "
                    + e.getClass().getSimpleName(), null);
        }
    }
}
