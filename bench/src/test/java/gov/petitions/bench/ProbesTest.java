package gov.petitions.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ProbesTest {

    @Test
    void aBackendNamesItsDatabase() {
        assertEquals("intake_bench", Probes.backendDatabase("postgres: intake_bench intake_bench 127.0.0.1(45678) idle"));
        assertEquals("routing_test", Probes.backendDatabase("postgres: 15/main: routing_test routing_test 127.0.0.1(5001) idle in transaction"));
        assertEquals("postgres", Probes.backendDatabase("postgres: postgres postgres [local] SELECT"));
    }

    @Test
    void serverProcessesHaveNoDatabase() {
        assertNull(Probes.backendDatabase("/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main"));
        assertNull(Probes.backendDatabase("postgres: checkpointer"));
        assertNull(Probes.backendDatabase("postgres: 15/main: walwriter"));
        assertNull(Probes.backendDatabase("postgres: autovacuum launcher"));
        assertNull(Probes.backendDatabase("postgres: logical replication launcher"));
    }
}
