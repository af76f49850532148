package gov.petitions.intake.material;

import gov.petitions.platform.files.ClamdClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** intake's clamd client (the platform's one, {@link ClamdClient}), at the address of intake.clamd.*. */
public class ClamdScanner {

    @Produces
    @Singleton
    ClamdClient clamd(ClamdConfig config) {
        return new ClamdClient(config.host(), config.port(), config.timeout());
    }
}
