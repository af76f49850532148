package gov.petitions.deploy;

import gov.petitions.deploy.Yaml.Doc;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The images: built the Quarkus way (Dockerfile.jvm, Jib behind a profile), as an unprivileged user,
 * and the very names the manifests pull, so that nothing depends on a local build.
 */
class ImagesTest {

    static List<String> services() {
        return Repo.APPLICATIONS;
    }

    @ParameterizedTest
    @MethodSource("services")
    void dockerfileRunsTheFastJarAsAnUnprivilegedUser(String service) throws Exception {
        Path dockerfile = Repo.path(service + "/src/main/docker/Dockerfile.jvm");
        assertTrue(Files.isRegularFile(dockerfile), dockerfile + " exists");
        List<String> lines = Files.readAllLines(dockerfile).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        String from = lines.stream().filter(l -> l.startsWith("FROM ")).findFirst().orElse("");
        assertTrue(from.matches("FROM \\S+:[0-9][^\\s]*"), "base image with a fixed version: " + from);
        int lastCopy = -1;
        int user = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("COPY ")) {
                lastCopy = i;
                assertTrue(lines.get(i).contains("target/quarkus-app/"), "copies the fast-jar: " + lines.get(i));
                assertFalse(lines.get(i).contains("--chown"), "the application files stay read-only for the user: " + lines.get(i));
            }
            if (lines.get(i).startsWith("USER ")) {
                user = i;
                String who = lines.get(i).substring(5).trim();
                assertTrue(who.matches("[1-9][0-9]*"), "a numeric non-root user (runAsNonRoot can verify it): " + who);
            }
        }
        assertTrue(user > lastCopy && lastCopy >= 0, "USER after the files are in place");
        assertTrue(lines.contains("EXPOSE " + port(service)), "EXPOSE " + port(service));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ENTRYPOINT") && l.contains("run-java.sh")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"")));
        assertTrue(lines.contains("ENV MALLOC_ARENA_MAX=2"), "two malloc arenas keep the RSS under the pod's limit");
    }

    @ParameterizedTest
    @MethodSource("services")
    void jibProfileBuildsTheImageTheManifestsPull(String service) throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Repo.path(service + "/pom.xml").toFile());
        Element jib = null;
        NodeList profiles = pom.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            if ("jib".equals(text(profile, "id"))) {
                jib = profile;
            }
        }
        assertNotNull(jib, service + "/pom.xml has a profile 'jib'");
        assertTrue(jib.getTextContent().contains("quarkus-container-image-jib"), "the profile adds quarkus-container-image-jib");
        Map<String, String> props = new HashMap<>();
        NodeList children = ((Element) jib.getElementsByTagName("properties").item(0)).getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e) {
                props.put(e.getTagName(), e.getTextContent().trim());
            }
        }
        assertEquals("true", props.get("quarkus.container-image.build"));
        String image = props.get("quarkus.container-image.registry") + "/" + props.get("quarkus.container-image.group") + "/"
                + props.get("quarkus.container-image.name") + ":" + props.get("quarkus.container-image.tag");
        assertTrue(props.get("quarkus.jib.user").matches("[1-9][0-9]*"), "non-root user in the Jib image");
        assertEquals("2", props.get("quarkus.jib.environment-variables.MALLOC_ARENA_MAX"), "the Jib image sets the arenas too");

        List<String> pulled = new ArrayList<>();
        for (Doc doc : Kustomize.readWithoutRenderer(Repo.path("deploy/base")).docs()) {
            if (doc.kind().equals("Deployment") && doc.name().equals(service)) {
                doc.node().findValues("image").forEach(i -> pulled.add(i.asText()));
            }
        }
        pulled.add(Yaml.tree(Repo.path("docker-compose.yml")).path("services").path(service).path("image").asText());
        assertEquals(List.of(image, image), pulled, "Kubernetes and compose pull what the jib profile builds");
    }

    private static int port(String service) throws Exception {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(Repo.path(service + "/src/main/resources/application.properties"))) {
            properties.load(in);
        }
        Matcher m = Pattern.compile("(\\d+)").matcher(properties.getProperty("quarkus.http.port", ""));
        assertTrue(m.find(), service + " sets quarkus.http.port");
        return Integer.parseInt(m.group(1));
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }
}
