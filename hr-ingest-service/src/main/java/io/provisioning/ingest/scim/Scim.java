package io.provisioning.ingest.scim;

/** The URNs and media type of SCIM 2.0 (RFC 7643, RFC 7644) this service speaks. */
public final class Scim {

    public static final String MEDIA_TYPE = "application/scim+json";
    public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    /** Our HR extension: the worker fields core and enterprise User have no place for. */
    public static final String WORKER = "urn:ietf:params:scim:schemas:extension:provisioning:2.0:Worker";
    public static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    public static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public static final String BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    public static final String BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
    public static final String BASE_PATH = "/scim/v2";

    /** The one mapper SCIM's resources are read and written with: a mapper is costly to make and caches what it learns. */
    public static final com.fasterxml.jackson.databind.ObjectMapper JSON = io.provisioning.contracts.Json.mapper();

    private Scim() {
    }
}
