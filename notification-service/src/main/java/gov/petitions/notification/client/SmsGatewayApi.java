package gov.petitions.notification.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Response;

/**
 * The SMS provider's send endpoint (the client's base URI is the whole send URL), as a typed REST client: the JSON
 * body goes as the exact bytes that were signed; answers come back as they are.
 */
public interface SmsGatewayApi {

    /** The header the signature is sent under; {@link SmsGateway} moves it to {@code notification.sms.signature-header}. */
    String SIGNATURE = "X-Signature";

    /** {@code signature} is left out when null (a gateway without a shared secret). */
    @POST
    @Consumes("application/json; charset=utf-8")
    Response send(@HeaderParam("X-Account") String account, @HeaderParam("X-Timestamp") String timestamp,
                  @HeaderParam(SIGNATURE) String signature, byte[] body);
}
