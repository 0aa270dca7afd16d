package io.provisioning.testsupport;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A private OpenLDAP slapd for tests, configured like the local stack's directory
 * ({@code openldap/slapd.conf.template}: suffix {@code dc=example,dc=com}, memberof and
 * ppolicy overlays) but on a free port with its own data under {@code target/}. One per JVM,
 * stopped when the JVM exits. Needs the Debian {@code slapd} package ({@code deploy/stack up}
 * installs it).
 */
public final class OpenLdapServer {

    public static final String SUFFIX = "dc=example,dc=com";
    public static final String ADMIN_DN = "cn=admin," + SUFFIX;
    public static final String PEOPLE_DN = "ou=people," + SUFFIX;
    public static final String GROUPS_DN = "ou=groups," + SUFFIX;
    public static final String PLACEHOLDER_DN = "cn=nobody," + SUFFIX;
    /** A password no log line or outcome may ever show; tests search for it. */
    public static final String ADMIN_PASSWORD = "Bind-s3cret-Never-Logged";

    private static final Path SLAPD = Path.of("/usr/sbin/slapd");
    private static OpenLdapServer instance;

    private final int port;
    private final Process process;

    private OpenLdapServer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /** The JVM's server, started on first use. */
    public static synchronized OpenLdapServer get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
        }
        return instance;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    /** A connection bound as the administrator; the caller closes it. */
    public LDAPConnection connect() {
        try {
            return new LDAPConnection("127.0.0.1", port, ADMIN_DN, ADMIN_PASSWORD);
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot bind to the test directory: " + e.getResultCode(), e);
        }
    }

    private void stop() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static OpenLdapServer start() {
        if (!Files.isExecutable(SLAPD)) {
            throw new IllegalStateException("OpenLDAP slapd is not installed: run deploy/stack up --infra "
                    + "(or apt-get install slapd ldap-utils)");
        }
        try {
            Path dir = Files.createTempDirectory(Path.of("target"), "slapd-").toAbsolutePath();
            Files.createDirectories(dir.resolve("data"));
            String template;
            try (InputStream in = OpenLdapServer.class.getResourceAsStream("/openldap/slapd.conf.template")) {
                template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Path config = dir.resolve("slapd.conf");
            Files.writeString(config, template.replace("@DIR@", dir.toString())
                    .replace("@SCHEMA@", "/etc/ldap/schema").replace("@ROOTPW@", ADMIN_PASSWORD));
            int port = freePort();
            // -d 0 keeps slapd in the foreground, so that destroying the process stops it.
            Process process = new ProcessBuilder(SLAPD.toString(), "-d", "0", "-h", "ldap://127.0.0.1:" + port + "/",
                    "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("slapd.log").toFile()).start();
            OpenLdapServer server = new OpenLdapServer(port, process);
            server.awaitAndLoadBase();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start slapd", e);
        }
    }

    private void awaitAndLoadBase() throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            try (LDAPConnection connection = new LDAPConnection("127.0.0.1", port, ADMIN_DN, ADMIN_PASSWORD);
                    InputStream base = OpenLdapServer.class.getResourceAsStream("/openldap/base.ldif");
                    LDIFReader reader = new LDIFReader(base)) {
                com.unboundid.ldap.sdk.Entry entry;
                while ((entry = reader.readEntry()) != null) {
                    connection.add(entry);
                }
                return;
            } catch (LDAPException | com.unboundid.ldif.LDIFException e) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("slapd did not come up on port " + port + ": " + e.getMessage());
                }
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            }
        }
    }

    /** A port free at this moment on 127.0.0.1. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
