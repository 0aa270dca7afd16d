package io.provisioning.connector.jdbc;

import io.provisioning.connector.spi.TargetConfiguration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The configuration of one JDBC target ({@code provisioning.targets.<id>.*}): {@code url},
 * {@code username}, {@code password} (set it through the environment), {@code pool-size};
 * {@code accounts-table}, {@code account-id-column}, {@code disabled-column} (a boolean),
 * {@code attribute-columns} ({@code attribute:column,…}; an attribute not listed is stored in the
 * column of its own name); {@code memberships-table}, {@code membership-account-column},
 * {@code membership-group-column}. Table and column names must be plain SQL identifiers.
 */
record JdbcSettings(
        String targetId,
        String url,
        String username,
        String password,
        int poolSize,
        String accountsTable,
        String accountIdColumn,
        String disabledColumn,
        Map<String, String> attributeColumns,
        String membershipsTable,
        String membershipAccountColumn,
        String membershipGroupColumn) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    static JdbcSettings from(TargetConfiguration config) {
        Map<String, String> columns = new LinkedHashMap<>();
        config.get("attribute-columns").ifPresent(value -> {
            for (String pair : value.split(",")) {
                String[] parts = pair.trim().split(":", 2);
                if (parts.length != 2) {
                    throw new IllegalArgumentException("provisioning.targets." + config.targetId()
                            + ".attribute-columns entries are attribute:column");
                }
                columns.put(parts[0].trim(), identifier(config, "attribute-columns", parts[1].trim()));
            }
        });
        return new JdbcSettings(
                config.targetId(),
                config.require("url"),
                config.get("username", null),
                config.get("password", null),
                config.getInt("pool-size", 8),
                identifier(config, "accounts-table", config.get("accounts-table", "accounts")),
                identifier(config, "account-id-column", config.get("account-id-column", "account_id")),
                identifier(config, "disabled-column", config.get("disabled-column", "disabled")),
                Map.copyOf(columns),
                identifier(config, "memberships-table", config.get("memberships-table", "account_groups")),
                identifier(config, "membership-account-column", config.get("membership-account-column", "account_id")),
                identifier(config, "membership-group-column", config.get("membership-group-column", "group_name")));
    }

    /** The column an attribute is stored in; checked to be a plain identifier. */
    String column(String attribute) {
        String column = attributeColumns.getOrDefault(attribute, attribute);
        if (!IDENTIFIER.matcher(column).matches()) {
            throw new io.provisioning.connector.spi.InvalidAttributeValueException(
                    "attribute " + attribute + " has no column in " + accountsTable, null);
        }
        return column;
    }

    /** The attribute a column is reported as. */
    String attribute(String column) {
        return attributeColumns.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(column))
                .map(Map.Entry::getKey).findFirst().orElse(column);
    }

    List<String> bookkeepingColumns() {
        return Arrays.asList(accountIdColumn, disabledColumn);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "JdbcSettings[" + targetId + ", " + url + ", user=" + username + "]";
    }

    private static String identifier(TargetConfiguration config, String key, String value) {
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException("provisioning.targets." + config.targetId() + "." + key
                    + " must be a plain SQL identifier");
        }
        return value;
    }
}
