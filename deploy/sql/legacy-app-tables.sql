-- The tables of the legacy application that target legacy-db provisions (run as legacy_app on
-- database legacy). Used by deploy/stack and by docker-compose.yml.
CREATE TABLE IF NOT EXISTS app_users (
    login           text PRIMARY KEY,
    locked          boolean NOT NULL DEFAULT false,
    display_name    text,
    given_name      text,
    family_name     text,
    mail            text,
    department      text,
    employee_number text
);
CREATE TABLE IF NOT EXISTS app_user_roles (
    login text NOT NULL REFERENCES app_users (login),
    role  text NOT NULL,
    PRIMARY KEY (login, role)
);
