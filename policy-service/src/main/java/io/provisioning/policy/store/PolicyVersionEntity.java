package io.provisioning.policy.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One activated, immutable version of the policy document. */
@Entity
@Table(name = "policy_version")
public class PolicyVersionEntity extends PanacheEntityBase {

    @Id
    public long version;

    /** As submitted: YAML or JSON text. */
    public String document;

    /** yaml or json. */
    public String format;

    public String author;

    public String comment;

    /** SHA-256 of the document text. */
    public String digest;

    @Column(name = "activated_at")
    public Instant activatedAt;
}
