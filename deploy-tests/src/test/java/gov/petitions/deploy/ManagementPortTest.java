package gov.petitions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.deploy.Yaml.Doc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #17 item 10: {@code /q/*} (health, metrics) is served on the management port 9000 only, and neither Kubernetes nor
 * compose carries that port beyond the cluster or the compose network. What ManifestValidator and ComposeChecks enforce
 * for every rendering is stated here once more, as plainly as the issue asks it, on the committed files.
 */
class ManagementPortTest {

    private static final Path COMPOSE = Repo.path("docker-compose.yml");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyProbeAsksTheManagementPortAndTheApiPortNoMore(String overlay) {
        List<Doc> docs = Kustomize.render(Repo.path("deploy/overlays/" + overlay)).docs();
        for (String app : Repo.APPLICATIONS) {
            JsonNode container = OverlaysTest.named(docs, "Deployment", app).node()
                    .path("spec").path("template").path("spec").path("containers").path(0);
            assertTrue(declares(container, ManagementPort.NAME, ManagementPort.PORT), app + " declares container port management 9000");
            Map<String, String> paths = Map.of("startupProbe", "/q/health/started", "livenessProbe", "/q/health/live",
                    "readinessProbe", ManagementPort.READINESS_PATH);
            for (Map.Entry<String, String> probe : paths.entrySet()) {
                JsonNode get = container.path(probe.getKey()).path("httpGet");
                assertEquals(ManagementPort.NAME, get.path("port").asText(), app + " " + probe.getKey() + " port");
                assertEquals(probe.getValue(), get.path("path").asText(), app + " " + probe.getKey() + " path");
            }
        }
    }

    @Test
    void everyServiceIsScrapedOnItsManagementPortByAPodMonitor() {
        List<Doc> docs = Kustomize.render(Repo.path("deploy/overlays/prod")).docs();
        for (String service : Repo.SERVICES) {
            JsonNode spec = OverlaysTest.named(docs, "PodMonitor", service).node().path("spec");
            assertEquals(service, spec.path("selector").path("matchLabels").path("app.kubernetes.io/name").asText(), service);
            // job = the pods' app.kubernetes.io/name: what the alerts (up{job=~".*-service"}) and the dashboard select
            assertEquals("app.kubernetes.io/name", spec.path("jobLabel").asText(), service + " job label");
            assertEquals(1, spec.path("podMetricsEndpoints").size(), service);
            assertEquals(ManagementPort.NAME, spec.path("podMetricsEndpoints").path(0).path("port").asText(), service + " scrape port");
            assertEquals(ManagementPort.METRICS_PATH, spec.path("podMetricsEndpoints").path(0).path("path").asText(), service + " scrape path");
        }
        assertTrue(OverlaysTest.of(docs, "ServiceMonitor").isEmpty(), "no ServiceMonitor: it would need the management port on a Service");
        String rules = OverlaysTest.named(docs, "PrometheusRule", "petitions").node().toString();
        assertTrue(rules.contains("up{job=~\\\".*-service\\\"}"), "PetitionsServiceDown still selects the services' jobs");
    }

    @Test
    void noServiceExposesTheManagementPortAndNoIngressRoutesToIt() {
        List<Doc> docs = Kustomize.render(Repo.path("deploy/overlays/prod")).docs();
        for (String app : Repo.APPLICATIONS) {
            for (JsonNode port : OverlaysTest.named(docs, "Service", app).node().path("spec").path("ports")) {
                assertFalse(ManagementPort.isManagement(port.path("targetPort")) || port.path("port").asInt() == ManagementPort.PORT,
                        app + " Service port " + port);
            }
        }
        for (Doc ingress : OverlaysTest.of(docs, "Ingress")) {
            assertFalse(ingress.node().toString().contains("\"number\":" + ManagementPort.PORT), ingress.id());
        }

        // and the check does catch an Ingress to it: the console's management port, as an operator might add it
        List<Doc> withIngress = new ArrayList<>(docs);
        withIngress.addAll(Yaml.docs("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: console
                  namespace: petitions
                spec:
                  ingressClassName: nginx
                  defaultBackend:
                    service:
                      name: console
                      port:
                        number: 9000
                """, "an operator's Ingress"));
        List<String> problems = ManifestValidator.validate(withIngress).problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("Ingress/console") && problems.get(0).contains("the management port"), problems.get(0));
    }

    @Test
    void onlyTheMonitoringNamespaceMayReachTheManagementPort() {
        List<Doc> docs = Kustomize.render(Repo.path("deploy/overlays/prod")).docs();
        for (String app : Repo.APPLICATIONS) {
            JsonNode ingress = OverlaysTest.named(docs, "NetworkPolicy", app).node().path("spec").path("ingress");
            int monitoringRules = 0;
            for (JsonNode rule : ingress) {
                boolean management = false;
                for (JsonNode port : rule.path("ports")) {
                    management |= ManagementPort.isManagement(port.path("port"));
                }
                assertFalse(rule.path("ports").isEmpty(), app + ": every rule names its ports");
                if (management) {
                    assertEquals("[{\"namespaceSelector\":{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"monitoring\"}}}]",
                            rule.path("from").toString(), app + ": 9000 from the monitoring namespace only");
                    monitoringRules++;
                } else {
                    assertFalse(rule.path("from").toString().contains("\"monitoring\""), app + ": Prometheus needs no API port");
                }
            }
            // the console has no metrics: its probes come from the kubelet, which no policy has to admit
            assertEquals(Repo.SERVICES.contains(app) ? 1 : 0, monitoringRules, app + ": rules admitting the monitoring namespace to 9000");
        }
    }

    @Test
    void composeNeverPublishesTheManagementPort() {
        JsonNode services = Yaml.tree(COMPOSE).path("services");
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            for (JsonNode port : service.getValue().path("ports")) {
                assertFalse(ManagementPort.publishesManagementPort(port), service.getKey() + " publishes " + port);
                assertFalse(port.toString().contains(String.valueOf(ManagementPort.PORT)), service.getKey() + " publishes " + port);
            }
        }
        // the check reads every syntax compose has for it
        for (String published : List.of("9000", "127.0.0.1:9000:9000", "19000:9000/tcp", "127.0.0.1:8999-9001:8999-9001", "[::1]:9000:9000")) {
            assertTrue(ManagementPort.publishesManagementPort(Yaml.JSON.getNodeFactory().textNode(published)), published);
        }
        assertFalse(ManagementPort.publishesManagementPort(Yaml.JSON.getNodeFactory().textNode("127.0.0.1:9000:8081")),
                "host port 9000 for the API is no management port");
    }

    @Test
    void composeHealthchecksAskTheManagementPort() {
        JsonNode services = Yaml.tree(COMPOSE).path("services");
        for (String app : Repo.APPLICATIONS) {
            String test = services.path(app).path("healthcheck").path("test").toString();
            assertTrue(test.contains("/dev/tcp/127.0.0.1/9000") && test.contains("GET /q/health/ready "), app + ": " + test);
            assertFalse(test.contains("QUARKUS_HTTP_PORT"), app + " asks the API port: " + test);
        }
    }

    @Test
    void composePrometheusScrapesEveryServiceOnItsManagementPort() {
        JsonNode config = Yaml.tree(Repo.path("deploy/compose/prometheus/prometheus.yml"));
        List<String> targets = new ArrayList<>();
        for (JsonNode job : config.path("scrape_configs")) {
            assertEquals(ManagementPort.METRICS_PATH, job.path("metrics_path").asText(), job.path("job_name").asText());
            job.path("static_configs").forEach(sc -> sc.path("targets").forEach(t -> targets.add(job.path("job_name").asText() + "=" + t.asText())));
        }
        assertEquals(Repo.SERVICES.stream().map(s -> s + "=" + s + ":9000").toList(), targets);
        assertTrue(Yaml.tree(COMPOSE).path("services").path("prometheus").path("volumes").toString()
                .contains("./deploy/compose/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml"), "compose runs this configuration");
    }

    /**
     * What the deployments rely on: the images serve /q/* on 9000 (platform-support's defaults for the services, the
     * console's own application.properties), and no application moves it elsewhere or switches it off.
     */
    @Test
    void theApplicationsServeQOnTheManagementPort() throws IOException {
        assertEquals("true", properties(Repo.path("platform-support/src/main/resources/META-INF/microprofile-config.properties"))
                .getProperty("quarkus.management.enabled"), "platform-support: quarkus.management.enabled");
        assertEquals("true", properties(Repo.path("console/src/main/resources/application.properties"))
                .getProperty("quarkus.management.enabled"), "console: quarkus.management.enabled");
        for (String app : Repo.APPLICATIONS) {
            Properties own = properties(Repo.path(app + "/src/main/resources/application.properties"));
            assertFalse("false".equals(own.getProperty("quarkus.management.enabled")), app + " switches the management interface off");
            String port = own.getProperty("quarkus.management.port", String.valueOf(ManagementPort.PORT));
            assertEquals(String.valueOf(ManagementPort.PORT), port.trim(), app + ": quarkus.management.port (prod) is what compose and Kubernetes probe");
            assertFalse(own.containsKey("quarkus.management.host"), app + ": the management interface must listen on all of the container's interfaces");
        }
    }

    private static boolean declares(JsonNode container, String name, int port) {
        for (JsonNode p : container.path("ports")) {
            if (name.equals(p.path("name").asText()) && p.path("containerPort").asInt() == port) {
                return true;
            }
        }
        return false;
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                properties.load(in);
            }
        }
        return properties;
    }
}
