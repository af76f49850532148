package gov.petitions.routing;

import gov.petitions.routing.directory.DivisionLoader;
import gov.petitions.testing.TestSecrets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default deployment loads Anhui from the NBS files the jar ships (divisions/34/*.csv), and they are the tree the
 * first migrations seeded: an Anhui database that predates the loader starts with nothing changed or removed.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class AnhuiDivisionFilesTest {

    @Inject
    DivisionLoader loader;

    @Test
    void theShippedFilesAreTheTreeTheMigrationsSeeded() throws Exception {
        DivisionLoader.Summary load = loader.load();
        assertEquals(1 + 16 + 119 + 1685, load.inFiles(), "Anhui: the province, 16 cities, 119 counties, 1,685 townships");
        assertTrue(load.changedNothing(), load.toString());
        assertEquals(0, load.divisionsKept());
    }
}
