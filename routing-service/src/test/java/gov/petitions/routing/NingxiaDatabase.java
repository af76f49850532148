package gov.petitions.routing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The Ningxia deployment's own database, made as {@code ./petitions} makes each service's (a role and a database it
 * owns, with the password of secrets.env), and made afresh each run: the test then sees a new province's first start,
 * where the migrations' Anhui seed gives way to the configured province's tree.
 */
public class NingxiaDatabase implements QuarkusTestResourceLifecycleManager {

    static final String NAME = "routing_ningxia_test";

    @Override
    public Map<String, String> start() {
        String host = env("PETITIONS_PG_HOST", "127.0.0.1");
        String port = env("PETITIONS_PG_PORT", "5432");
        // the instance's one database password: ./petitions exports it as the services' datasource password
        String password = System.getenv("PETITIONS_DB_PASSWORD");
        if (password == null || password.isEmpty()) {
            password = System.getenv("QUARKUS_DATASOURCE_PASSWORD");
        }
        if (password == null) {
            throw new IllegalStateException("neither PETITIONS_DB_PASSWORD nor QUARKUS_DATASOURCE_PASSWORD is set: eval \"$(PETITIONS_ENV=test ./petitions infra up | grep '^export')\"");
        }
        String superuser = env("PETITIONS_PG_SUPERUSER", "postgres");
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres",
                superuser, System.getenv("PGPASSWORD")); Statement sql = db.createStatement()) {
            sql.execute("drop database if exists " + NAME + " with (force)");
            sql.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + NAME + "') then create role "
                    + NAME + " login; end if; end $$");
            sql.execute("alter role " + NAME + " with login password '" + password.replace("'", "''") + "'");
            sql.execute("create database " + NAME + " owner " + NAME);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make the database " + NAME + " as " + superuser + " on " + host + ":"
                    + port + " (start the infrastructure with PETITIONS_ENV=test ./petitions infra up): " + e.getMessage(), e);
        }
        String url = "jdbc:postgresql://" + host + ":" + port + "/" + NAME;
        return Map.of("quarkus.datasource.jdbc.url", url, "%test.quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", NAME, "%test.quarkus.datasource.username", NAME);
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    @Override
    public void stop() {
    }
}
