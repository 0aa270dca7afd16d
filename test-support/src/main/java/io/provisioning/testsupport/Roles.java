package io.provisioning.testsupport;

/** Role names of the API, for tests. */
public final class Roles {
    public static final String HR_PUBLISHER = "hr-publisher";
    public static final String OPERATOR = "operator";
    public static final String POLICY_ADMIN = "policy-admin";
    public static final String AUDITOR = "auditor";

    private Roles() {
    }
}
