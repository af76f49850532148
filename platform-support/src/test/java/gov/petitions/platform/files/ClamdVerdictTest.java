package gov.petitions.platform.files;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** clamd's replies to INSTREAM, as an uploaded file's state takes them. */
class ClamdVerdictTest {

    @Test
    void repliesBecomeVerdicts() throws Exception {
        assertInstanceOf(ClamdClient.Verdict.Clean.class, ClamdClient.verdict("stream: OK"));
        assertEquals("Eicar-Test-Signature.UNOFFICIAL", ((ClamdClient.Verdict.Infected)
                ClamdClient.verdict("stream: Eicar-Test-Signature.UNOFFICIAL FOUND")).signature());
        // a stream clamd refuses is refused again on every rescan: quarantined, never pending for ever nor served
        ClamdClient.Verdict refused = ClamdClient.verdict("INSTREAM size limit exceeded. ERROR");
        assertInstanceOf(ClamdClient.Verdict.Infected.class, refused);
        assertEquals("Unscannable: INSTREAM size limit exceeded. ERROR", ((ClamdClient.Verdict.Infected) refused).signature());
        // no reply that makes sense: the scanner is treated as away, the file waits
        assertThrows(ClamdClient.ScannerUnavailable.class, () -> ClamdClient.verdict(""));
    }
}
