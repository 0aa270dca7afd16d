-- The schema is migrated by its owner in a step of its own, before the service starts; the service,
-- which runs as the runtime role only, still checks at start that the schema is current (and reports
-- not ready until it is), for which it reads the migration history.
GRANT SELECT ON flyway_schema_history TO ${runtimeRole};
