-- The databases and roles the services and the legacy-db demo target use (as deploy/stack makes them).
CREATE ROLE ingest LOGIN PASSWORD 'ingest';
CREATE DATABASE ingest OWNER ingest;
CREATE ROLE policy LOGIN PASSWORD 'policy';
CREATE DATABASE policy OWNER policy;
CREATE ROLE connector LOGIN PASSWORD 'connector';
CREATE DATABASE connector OWNER connector;
CREATE ROLE audit LOGIN PASSWORD 'audit';
CREATE DATABASE audit OWNER audit;
-- audit-service runs as audit_app, which its migrations limit to INSERT and SELECT.
CREATE ROLE audit_app LOGIN PASSWORD 'audit_app';
GRANT CONNECT ON DATABASE audit TO audit_app;
CREATE ROLE legacy_app LOGIN PASSWORD 'legacy_app';
CREATE DATABASE legacy OWNER legacy_app;
\connect legacy legacy_app
\i /provisioning/legacy-app-tables.sql
