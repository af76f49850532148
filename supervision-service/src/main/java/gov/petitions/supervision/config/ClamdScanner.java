package gov.petitions.supervision.config;

import gov.petitions.platform.files.ClamdClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** supervision's clamd client (the platform's one, {@link ClamdClient}), at the address of supervision.clamd.*. */
public class ClamdScanner {

    @Produces
    @Singleton
    ClamdClient clamd(ClamdSettings settings) {
        return new ClamdClient(settings.host(), settings.port(), settings.timeout());
    }
}
