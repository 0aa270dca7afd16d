package io.provisioning.console.services;

/** The four services the console is made of, each with the URL property that locates it. */
public enum Service {
    HR_INGEST("hr-ingest-service", "provisioning.console.hr-ingest-url"),
    POLICY("policy-service", "provisioning.console.policy-url"),
    CONNECTOR("connector-service", "provisioning.console.connector-url"),
    AUDIT("audit-service", "provisioning.console.audit-url");

    private final String displayName;
    private final String urlProperty;

    Service(String displayName, String urlProperty) {
        this.displayName = displayName;
        this.urlProperty = urlProperty;
    }

    public String displayName() {
        return displayName;
    }

    String urlProperty() {
        return urlProperty;
    }
}
