package gov.petitions.deploy;

import gov.petitions.deploy.Yaml.Doc;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks can fail: deliberately broken manifests, overlay and compose file
 * (src/test/resources/fixtures) must each be reported, fault by fault.
 */
class BrokenFixturesTest {

    @Test
    void brokenManifestsAreCaught() {
        List<Doc> valid = Kustomize.render(Repo.path("deploy/overlays/dev")).docs();
        assertEquals(List.of(), ManifestValidator.validate(valid).problems(), "the baseline must be valid");

        Map<String, Doc> byId = new LinkedHashMap<>();
        valid.forEach(d -> byId.put(d.id(), d));
        for (Doc broken : Yaml.docs(Repo.fixture("broken-manifests.yaml"))) {
            broken.node().with("metadata").put("namespace", "petitions-dev");
            byId.put(broken.id(), broken);
        }
        List<String> problems = ManifestValidator.validate(new ArrayList<>(byId.values())).problems();

        List<String> expected = new ArrayList<>(List.of(
                "Deployment/intake-service (@.spec.template.spec.containers[0].imagePullPolice: unknown field",
                "Deployment/intake-service (@container intake-service: image ghcr.io/petitions/intake-service:latest has no fixed release tag",
                "Deployment/intake-service (@INTAKE_PII_ENCRYPTION_KEY is given as a literal value",
                "Deployment/intake-service (@'768MB' is not a quantity",
                "Deployment/intake-service (@no readinessProbe",
                "Deployment/intake-service (@allowPrivilegeEscalation must be false",
                "Deployment/intake-service (@does not set QUARKUS_DATASOURCE_PASSWORD",
                "Deployment/intake-service (@does not set QUARKUS_DATASOURCE_USERNAME",
                "Deployment/intake-service (@sets INTAKE_SUPERVISION_TOKEN, a static long-lived service token",
                "Deployment/intake-service (@takes its client secret from Secret keycloak-client-secrets key routing-service, "
                        + "but KeycloakRealmImport/petitions-realm gives client intake-service Secret keycloak-client-secrets key intake-service",
                "Deployment/intake-service (@PETITIONS_SERVICE_IDENTITY_CLIENT_SECRET is optional",
                "Deployment/intake-service (@does not set QUARKUS_SWAGGER_UI_ENABLED=false",
                "KafkaTopic petition.registered: partitions",
                "KafkaUser routing-service may write petition.registered, which only intake-service sends",
                "KafkaUser routing-service may write topics matching 'routing-service-': write ACLs must name each topic",
                "Secret/intake-pii-key (@carries secret values",
                "NetworkPolicy/reporting-service (@selects no pods",
                "ServiceMonitor/intake-service (@.spec.endpoints[0].paht: unknown field",
                "ServiceMonitor/intake-service (@scrapes port \"metrics\", which Service/intake-service does not name",
                "Cluster/routing-db (@property 'instance' is not defined in the schema",
                "Cluster/routing-db (@required property 'instances' not found",
                // issue #17 item 10: /q/* on the management port (9000) only, and that port never beyond the cluster
                "Deployment/intake-service (@container intake-service: declares no container port management (9000)",
                "Deployment/intake-service (@startupProbe asks port http, not the management port",
                "Deployment/intake-service (@livenessProbe asks port 8081, not the management port",
                "Service/intake-service (@exposes the management port of intake-service (port admin -> 9000)",
                "Ingress/petitions (@routes to Service console port 9000, the management port",
                "Ingress/petitions (@routes to Service intake-service port admin, which targets the management port",
                "NetworkPolicy/routing-service (@admits {\"namespaceSelector\":{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"ingress-nginx\"}}} to the management port 9000",
                "NetworkPolicy/routing-service (@does not admit the monitoring namespace to the management port 9000 of routing-service",
                "PodMonitor/routing-service (@scrapes port http of routing-service, not the management port",
                "Deployment/routing-service (@is scraped by no PodMonitor (or ServiceMonitor) on its management port",
                "PodMonitor/supervision-service (@scrapes path /metrics, not /q/metrics"));
        if (StrimziSchemas.schema("KafkaTopic").isPresent()) {
            expected.add("KafkaTopic/petition.registered (@$.spec.partitions");
            expected.add("KafkaTopic/petition.registered (@property 'retention' is not defined in the schema");
        } else {
            Tools.note("the Strimzi CRD schema faults of the fixture are not asserted: " + StrimziSchemas.unavailableReason());
        }
        assertReported(expected, problems);
    }

    @Test
    void aMissingTopicIsCaught() {
        List<Doc> docs = new ArrayList<>(Kustomize.render(Repo.path("deploy/overlays/dev")).docs());
        docs.removeIf(d -> d.kind().equals("KafkaTopic") && d.name().equals("case.assigned"));
        assertEquals(List.of("topic case.assigned of contracts/asyncapi.yaml has no KafkaTopic"),
                ManifestValidator.validate(docs).problems());
    }

    @Test
    void aBrokenOverlayIsCaughtWithoutARenderer() {
        List<String> problems = Kustomize.checkStructure(Repo.fixture("broken-overlay"));
        assertReported(List.of(
                "resource namespace-typo.yaml does not exist",
                "targets {\"kind\":\"Deployment\",\"name\":\"reporting-service\"}, which matches no resource of the base",
                "replaces /spec/config/retention.bytes, which KafkaTopic/petition.registered does not have",
                "settings-patch.yaml patches ConfigMap/petitions-settings, which is no resource of the base",
                "images entry ghcr.io/petitions/reporting-service matches no container image"), problems);
        assertEquals(5, problems.size(), problems.toString());
    }

    @Test
    void aBrokenOverlayIsCaughtByTheRenderer() {
        if (Kustomize.renderer().isEmpty()) {
            Tools.missing("rendering the broken overlay: neither kubectl nor kustomize is on the PATH");
        }
        List<String> problems = Kustomize.render(Repo.fixture("broken-overlay")).problems();
        assertFalse(problems.isEmpty(), "kustomize must refuse the broken overlay");
    }

    @Test
    void aBrokenComposeFileIsCaught() {
        List<String> problems = ComposeChecks.check(Repo.fixture("broken-compose/docker-compose.yml"));
        assertReported(List.of(
                "the Kafka broker does not set KAFKA_AUTO_CREATE_TOPICS_ENABLE=false",
                "postgres: POSTGRES_PASSWORD is a literal",
                "intake-service: builds an image",
                "intake-service: image 'ghcr.io/petitions/intake-service:latest' has no fixed tag",
                "intake-service: waits for postgres to be healthy, but postgres has no healthcheck",
                "intake-service: depends on kafka with condition service_started",
                "intake-service: does not set KAFKA_BOOTSTRAP_SERVERS",
                "intake-service: does not set INTAKE_PII_ENCRYPTION_KEY",
                "intake-service: does not set MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                "routing-service: depends_on without conditions",
                "intake-service: publishes 8081:8081 on every interface; bind it to 127.0.0.1",
                "intake-service: sets INTAKE_SUPERVISION_TOKEN, a static long-lived service token",
                "intake-service: does not set QUARKUS_SWAGGER_UI_ENABLED=false",
                "routing-service: publishes @on every interface",
                "no service notification-service",
                "no init service creates the topics",
                "intake-service: its healthcheck does not ask /q/health/ready on the management port 9000",
                "routing-service: no healthcheck (/q/health/ready on the management port 9000)",
                "routing-service: publishes 127.0.0.1:9000:9000, the management port 9000",
                "keycloak: publishes {\"target\":9000,@the management port 9000",
                "broken-compose/prometheus.yml: job intake-service scrapes intake-service:8081, not the management port intake-service:9000",
                "broken-compose/prometheus.yml: no job routing-service scrapes routing-service:9000/q/metrics"), problems);
    }

    /** A service that no PodMonitor scrapes on its management port is as invisible as one that is down. */
    @Test
    void aServiceNobodyScrapesIsCaught() {
        List<Doc> docs = new ArrayList<>(Kustomize.render(Repo.path("deploy/overlays/dev")).docs());
        docs.removeIf(d -> d.kind().equals("PodMonitor") && d.name().equals("insight-service"));
        List<String> problems = ManifestValidator.validate(docs).problems();
        assertEquals(1, problems.size(), problems.toString());
        assertReported(List.of("Deployment/insight-service (@is scraped by no PodMonitor (or ServiceMonitor) on its management port (management, 9000, /q/metrics)"),
                problems);
    }

    /** Each expected text must appear in some problem; '@' stands for "any text between". */
    private static void assertReported(List<String> expected, List<String> problems) {
        for (String e : expected) {
            String[] parts = e.split("@", 2);
            boolean found = problems.stream().anyMatch(p -> parts.length == 1
                    ? p.contains(parts[0])
                    : p.contains(parts[0]) && p.indexOf(parts[1], p.indexOf(parts[0])) >= 0);
            assertTrue(found, "not reported: " + e + "\nreported:\n  " + String.join("\n  ", problems));
        }
    }
}
