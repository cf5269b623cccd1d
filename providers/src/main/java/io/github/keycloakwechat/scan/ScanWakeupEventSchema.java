package io.github.keycloakwechat.scan;

import java.io.IOException;
import org.infinispan.protostream.FileDescriptorSource;
import org.infinispan.protostream.ProtobufTagMarshaller;
import org.infinispan.protostream.SerializationContext;
import org.infinispan.protostream.SerializationContextInitializer;
import org.infinispan.protostream.TagReader;

/**
 * Teaches Keycloak's Infinispan to marshal {@link ScanWakeupEvent}. Keycloak collects every
 * {@link SerializationContextInitializer} on its class path when it configures Infinispan (the extension lists this
 * one in {@code META-INF/services}). Written by hand rather than generated, so the build needs no annotation
 * processor matched to Keycloak's ProtoStream version. The message is referred to by name, not by a numeric type id,
 * so it cannot collide with Keycloak's own ids.
 */
public final class ScanWakeupEventSchema implements SerializationContextInitializer {

    private static final String FILE = "keycloak-wechat-scan.proto";
    private static final int SCENE_ID = 1;
    static final String PROTO = """
            syntax = "proto3";
            package keycloakwechat;
            message ScanWakeupEvent {
              string sceneId = %d;
            }
            """.formatted(SCENE_ID);

    @Override
    public void registerSchema(SerializationContext context) {
        context.registerProtoFiles(new FileDescriptorSource().addProtoFile(FILE, PROTO));
    }

    @Override
    public void registerMarshallers(SerializationContext context) {
        context.registerMarshaller(new Marshaller());
    }

    static final class Marshaller implements ProtobufTagMarshaller<ScanWakeupEvent> {

        private static final int SCENE_ID_TAG = SCENE_ID << 3 | 2; // field 1, length-delimited

        @Override
        public Class<? extends ScanWakeupEvent> getJavaClass() {
            return ScanWakeupEvent.class;
        }

        @Override
        public String getTypeName() {
            return ScanWakeupEvent.PROTO_TYPE;
        }

        @Override
        public ScanWakeupEvent read(ReadContext context) throws IOException {
            TagReader reader = context.getReader();
            String sceneId = "";
            for (int tag = reader.readTag(); tag != 0; tag = reader.readTag()) {
                if (tag == SCENE_ID_TAG) {
                    sceneId = reader.readString();
                } else if (!reader.skipField(tag)) {
                    break;
                }
            }
            return new ScanWakeupEvent(sceneId);
        }

        @Override
        public void write(WriteContext context, ScanWakeupEvent event) throws IOException {
            context.getWriter().writeString(SCENE_ID, event.sceneId());
        }
    }
}
