package io.provisioning.common.security;

/** The roles of the API (docs/api.md "Roles"). No role implies another. */
public final class ApiRoles {
    public static final String HR_PUBLISHER = "hr-publisher";
    public static final String OPERATOR = "operator";
    public static final String POLICY_ADMIN = "policy-admin";
    public static final String AUDITOR = "auditor";

    private ApiRoles() {
    }
}
