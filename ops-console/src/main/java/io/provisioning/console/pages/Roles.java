package io.provisioning.console.pages;

/** The realm roles the services check; the console shows each user what theirs allow. */
public final class Roles {
    public static final String OPERATOR = "operator";
    public static final String POLICY_ADMIN = "policy-admin";
    public static final String AUDITOR = "auditor";

    private Roles() {
    }
}
