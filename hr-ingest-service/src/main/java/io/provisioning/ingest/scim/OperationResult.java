package io.provisioning.ingest.scim;

/**
 * What became of one operation.
 *
 * @param status    the HTTP status of the operation (201 created, 200 replaced or unchanged, 204 deleted, or an error's)
 * @param user      the resource after it, or null for a deletion or an error
 * @param error     the refusal, or null
 */
public record OperationResult(ScimOperation operation, int status, StoredUser user, ScimException error) {

    static OperationResult failed(ScimOperation operation, ScimException error) {
        return new OperationResult(operation, error.status(), null, error);
    }
}
