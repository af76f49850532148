package gov.petitions.intake;

import gov.petitions.testing.AuthorizationMatrix;
import gov.petitions.testing.TestSecrets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every endpoint of intake has a row in src/test/resources/authorization-matrix.csv (a new endpoint without one fails
 * the build), no row allows more than the annotations, and every role is tried live against every endpoint. Which
 * petitions a role then sees is ScopedReadsTest's and ReceptionScopeTest's business.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class AuthorizationMatrixTest {

    @Test
    void everyEndpointIsInTheMatrixAndEnforcedAsItSays() {
        List<AuthorizationMatrix.Endpoint> code = new ArrayList<>(AuthorizationMatrix.fromCode("gov.petitions.intake"));
        code.sort((a, b) -> (a.method() + " " + a.path()).compareTo(b.method() + " " + b.path()));
        List<AuthorizationMatrix.Endpoint> matrix = AuthorizationMatrix.read("authorization-matrix.csv");
        AuthorizationMatrix.assertCoversTheCode(code, matrix);
        AuthorizationMatrix.assertEnforced(matrix, AuthorizationMatrix.provincialTokens(),
                Map.of("code", "341302", "trackingNumber", "XF20261204000001", "desk", "1", "ref", "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"));
    }
}
