package gov.petitions.intake.open311;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;

/**
 * Open311 GeoReport v2 clients (civic apps, an agency's 12345 hotline system): each holds an API key, known here only
 * by its SHA-256, and a daily allowance of new requests. No client configured: every POST is refused.
 */
@ConfigMapping(prefix = "intake.open311")
public interface Open311Config {

    /** By the client's name (a short word; it is recorded as who registered the petitions it submits). */
    Map<String, Client> clients();

    /** How many ids one GET requests may name, and how many requests one answer lists at most. */
    @WithDefault("50")
    int maxRequestsPerAnswer();

    interface Client {
        /** Lower-case hex SHA-256 of the API key: the key itself never sits in configuration or the database. */
        String keySha256();

        @WithDefault("1000")
        int requestsPerDay();
    }
}
