import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Gives the local stack's broker its users and their ACLs: a SCRAM-SHA-512 credential for each
 * principal of the credentials file (but the super user, created when the storage was formatted),
 * every ACL of the ACL file, and no other ACL for those principals. Safe to run any number of times.
 *
 * Usage: java -cp 'LIBS/*' EnsureAccess.java ADMIN_CLIENT_PROPERTIES CREDENTIALS ACLS TARGET...
 *
 * CREDENTIALS holds one NAME=password a line; ACLS one "principal operation resource pattern name"
 * a line, where {target} in a name stands for each TARGET.
 */
public class EnsureAccess {

    private static final String SUPER_USER = "admin";
    private static final int SCRAM_ITERATIONS = 8192;

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: EnsureAccess ADMIN_CLIENT_PROPERTIES CREDENTIALS ACLS TARGET...");
            System.exit(2);
        }
        Properties props = new Properties();
        try (var in = Files.newInputStream(Path.of(args[0]))) {
            props.load(in);
        }
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "stack-ensure-access");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        Map<String, String> passwords = credentials(Path.of(args[1]));
        List<String> targets = List.of(args).subList(3, args.length);
        Set<AclBinding> wanted = acls(Path.of(args[2]), targets);

        try (Admin admin = Admin.create(props)) {
            List<UserScramCredentialAlteration> users = new ArrayList<>();
            passwords.forEach((name, password) -> {
                if (!name.equals(SUPER_USER)) {
                    users.add(new UserScramCredentialUpsertion(name,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password));
                }
            });
            admin.alterUserScramCredentials(users).all().get(60, TimeUnit.SECONDS);

            Set<String> principals = new HashSet<>();
            wanted.forEach(binding -> principals.add(binding.entry().principal()));
            passwords.keySet().stream().filter(name -> !name.equals(SUPER_USER))
                    .forEach(name -> principals.add("User:" + name));
            List<AclBindingFilter> stale = new ArrayList<>();
            for (AclBinding existing : admin.describeAcls(AclBindingFilter.ANY).values().get(60, TimeUnit.SECONDS)) {
                if (principals.contains(existing.entry().principal()) && !wanted.contains(existing)) {
                    stale.add(existing.toFilter());
                }
            }
            if (!stale.isEmpty()) {
                admin.deleteAcls(stale).all().get(60, TimeUnit.SECONDS);
            }
            admin.createAcls(wanted).all().get(60, TimeUnit.SECONDS);
            System.out.println(users.size() + " users, " + wanted.size() + " ACLs"
                    + (stale.isEmpty() ? "" : ", " + stale.size() + " stale ACLs removed"));
        }
    }

    private static Map<String, String> credentials(Path file) throws Exception {
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int equals = line.indexOf('=');
            if (!line.isBlank() && !line.startsWith("#") && equals > 0) {
                passwords.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
            }
        }
        return passwords;
    }

    private static Set<AclBinding> acls(Path file, List<String> targets) throws Exception {
        Set<AclBinding> bindings = new HashSet<>();
        int number = 0;
        for (String line : Files.readAllLines(file)) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            if (fields.length != 5) {
                throw new IllegalArgumentException(file + ":" + number + ": expected 5 fields, got " + fields.length);
            }
            List<String> names = fields[4].contains("{target}")
                    ? targets.stream().map(target -> fields[4].replace("{target}", target)).toList()
                    : List.of(fields[4]);
            for (String name : names) {
                bindings.add(new AclBinding(
                        new ResourcePattern(ResourceType.valueOf(fields[2]), name, PatternType.valueOf(fields[3])),
                        new AccessControlEntry("User:" + fields[0], "*", AclOperation.valueOf(fields[1]),
                                AclPermissionType.ALLOW)));
            }
        }
        return Set.copyOf(bindings);
    }
}
