package gov.petitions.notification.service;

import gov.petitions.notification.domain.Channel;

import gov.petitions.notification.config.NotificationConfig;
import gov.petitions.notification.repository.RecipientRepository;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.TimeoutException;
import jakarta.enterprise.context.ApplicationScoped;

/** Email through SMTP (quarkus-mailer) to the address a unit, supervisor office or leader registered. */
@ApplicationScoped
public class EmailChannel implements DeliveryChannel {

    private final RecipientRepository recipients;
    private final ReactiveMailer mailer;
    private final NotificationConfig.Email config;

    public EmailChannel(RecipientRepository recipients, ReactiveMailer mailer, NotificationConfig config) {
        this.recipients = recipients;
        this.mailer = mailer;
        this.config = config.email();
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public String send(Outgoing message) {
        String address = recipients.email(message.recipientRef())
                .orElseThrow(() -> new ChannelFailure("no email address registered for the recipient any more"));
        Mail mail = Mail.withText(address, message.subject(), message.text())
                .addHeader("X-Petitions-Message-Id", message.messageId());
        try {
            mailer.send(mail).await().atMost(config.timeout());
        } catch (TimeoutException e) {
            throw new ChannelFailure("SMTP server did not accept the mail within " + config.timeout());
        } catch (RuntimeException e) {
            // SMTP replies can quote the address: only the kind of failure is kept
            throw new ChannelFailure("SMTP send failed (" + rootCause(e).getClass().getSimpleName() + ")");
        }
        return Masks.email(address);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
