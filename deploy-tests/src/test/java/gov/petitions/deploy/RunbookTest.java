package gov.petitions.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** deploy/README.md covers the operations an IT operator needs (issue #7, "runbook"). */
class RunbookTest {

    @Test
    void theRunbookCoversEveryOperation() throws Exception {
        String runbook = Files.readString(Repo.path("deploy/README.md"));
        for (String heading : List.of("## Install", "## Scale", "## Roll out", "## Roll back", "## Rotate the PII key",
                "## Back up and restore", "## Dashboards and alerts", "## Dead letters", "## Validation", "## docker compose")) {
            assertTrue(runbook.contains(heading), "deploy/README.md has a section '" + heading + "'");
        }
        int operators = runbook.indexOf("operators");
        assertTrue(operators >= 0 && operators < runbook.indexOf("infrastructure") && runbook.indexOf("infrastructure") < runbook.lastIndexOf("services"),
                "install order: operators, then infrastructure, then services");
        for (String datastore : List.of("intake-db", "routing-db", "supervision-db", "keycloak-db", "notification-mongodb")) {
            assertTrue(runbook.contains(datastore), "backup and restore of " + datastore);
        }
    }

    @Test
    void everySecretTheOperatorsCreateIsDocumented() throws Exception {
        String runbook = Files.readString(Repo.path("deploy/README.md"));
        for (String secret : ManifestValidator.MANUAL_SECRETS) {
            assertTrue(runbook.contains(secret), "deploy/README.md tells how to create Secret " + secret);
        }
    }
}
