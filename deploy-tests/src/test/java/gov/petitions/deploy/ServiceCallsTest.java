package gov.petitions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.deploy.Yaml.Doc;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NetworkPolicies let every configured service-to-service call through (ServiceCalls), in particular
 * supervision-service's retention job to intake-service (docs/archiving.md), and the check reports a dropped one.
 */
class ServiceCallsTest {

    private static final String INTAKE = "intake-service";
    private static final String SUPERVISION = "supervision-service";

    @Test
    void supervisionReachesIntakeAndKeycloakWithItsOwnIdentity() {
        List<Doc> docs = Kustomize.render(Repo.path("deploy/overlays/dev")).docs();
        Doc supervision = doc(docs, "Deployment", SUPERVISION);
        var config = ServiceCalls.configuration(docs, supervision);
        assertEquals("http://intake-service:8081", config.get("SUPERVISION_RETENTION_INTAKE_URL"));
        ServiceCalls.Callee intake = ServiceCalls.callee(docs, config.get("SUPERVISION_RETENTION_INTAKE_URL")).orElseThrow();
        assertEquals(8081, intake.port());
        ServiceCalls.Callee keycloak = ServiceCalls.callee(docs, config.get(RequiredConfig.IDENTITY_TOKEN_ENDPOINT)).orElseThrow();
        assertEquals(8080, keycloak.port());
        List<String> problems = new ArrayList<>();
        ServiceCalls.check(docs, (d, m) -> problems.add(d.id() + ": " + m));
        assertEquals(List.of(), problems);
    }

    @Test
    void aCallThePoliciesDropIsCaught() {
        List<Doc> docs = Kustomize.render(Repo.path("deploy/overlays/dev")).docs();
        // supervision's way out to intake, and intake's admission of supervision, each removed
        ArrayNode egress = doc(docs, "NetworkPolicy", SUPERVISION).node().with("spec").withArray("egress");
        removeRulesNaming(egress, "to", INTAKE);
        ArrayNode ingress = doc(docs, "NetworkPolicy", INTAKE).node().with("spec").withArray("ingress");
        for (JsonNode rule : ingress) {
            ArrayNode from = (ArrayNode) rule.path("from");
            for (int i = from.size() - 1; i >= 0; i--) {
                if (SUPERVISION.equals(from.get(i).path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText())) {
                    from.remove(i);
                }
            }
        }
        List<String> problems = ManifestValidator.validate(docs).problems();
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("NetworkPolicy/supervision-service")
                        && p.contains("does not let supervision-service out to intake-service on 8081")
                        && p.contains("SUPERVISION_RETENTION_INTAKE_URL")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("NetworkPolicy/intake-service")
                        && p.contains("does not admit supervision-service to intake-service on 8081")), problems.toString());
        assertEquals(2, problems.size(), problems.toString());
    }

    @Test
    void theTokenEndpointThePoliciesDropIsCaught() {
        List<Doc> docs = Kustomize.render(Repo.path("deploy/overlays/dev")).docs();
        ArrayNode egress = doc(docs, "NetworkPolicy", SUPERVISION).node().with("spec").withArray("egress");
        for (JsonNode rule : egress) {
            for (JsonNode peer : rule.path("to")) {
                if ("keycloak".equals(peer.path("podSelector").path("matchLabels").path("app").asText())) {
                    ((ObjectNode) rule).putArray("ports").addObject().put("protocol", "TCP").put("port", 8443);
                }
            }
        }
        List<String> problems = ManifestValidator.validate(docs).problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains("does not let supervision-service out to keycloak-service on 8080")
                && p.contains(RequiredConfig.IDENTITY_TOKEN_ENDPOINT)), problems.toString());
    }

    private static void removeRulesNaming(ArrayNode rules, String peers, String name) {
        for (int i = rules.size() - 1; i >= 0; i--) {
            for (JsonNode peer : rules.get(i).path(peers)) {
                if (name.equals(peer.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText())) {
                    rules.remove(i);
                    break;
                }
            }
        }
    }

    private static Doc doc(List<Doc> docs, String kind, String name) {
        return docs.stream().filter(d -> d.kind().equals(kind) && d.name().equals(name)).findFirst().orElseThrow();
    }
}
