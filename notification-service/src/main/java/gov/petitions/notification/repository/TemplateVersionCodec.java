package gov.petitions.notification.repository;

import gov.petitions.notification.domain.Channel;
import org.bson.Document;

/** {@link TemplateVersion} ↔ its document in {@code templates}; a head ({@code template_heads}) is {_id, version}. */
final class TemplateVersionCodec extends Mapping<TemplateVersion> {

    static final String TEMPLATE_ID = "templateId";
    static final String CHANNEL = "channel";
    static final String VERSION = "version";
    static final String SOURCE = "source";
    static final String CREATED_BY = "createdBy";
    static final String COMMENT = "comment";
    static final String CREATED_AT = "createdAt";

    TemplateVersionCodec() {
        super(TemplateVersion.class);
    }

    @Override
    Document toDocument(TemplateVersion v) {
        return new Document(ID, v.id()).append(TEMPLATE_ID, v.templateId()).append(CHANNEL, name(v.channel()))
                .append(VERSION, v.version()).append(SOURCE, v.source()).append(CREATED_BY, v.createdBy())
                .append(COMMENT, v.comment()).append(CREATED_AT, date(v.createdAt()));
    }

    @Override
    TemplateVersion fromDocument(Document d) {
        return new TemplateVersion(d.getString(ID), d.getString(TEMPLATE_ID), enumOf(Channel.class, d, CHANNEL),
                d.getInteger(VERSION), d.getString(SOURCE), d.getString(CREATED_BY), d.getString(COMMENT),
                instant(d, CREATED_AT));
    }
}
