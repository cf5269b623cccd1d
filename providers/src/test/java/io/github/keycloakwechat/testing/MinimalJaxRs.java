package io.github.keycloakwechat.testing;

import jakarta.ws.rs.SeBootstrap;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Link;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.Variant;
import jakarta.ws.rs.ext.RuntimeDelegate;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The unit tests have the JAX-RS API but no implementation (the server brings RESTEasy), and {@link Response}
 * cannot be built without one. This runtime keeps what the push code sets: status, entity, media type. Install it
 * with {@link #install()} in a {@code @BeforeAll} and remove it with {@link #uninstall()} in the {@code @AfterAll}.
 */
public final class MinimalJaxRs extends RuntimeDelegate {

    public static void install() {
        RuntimeDelegate.setInstance(new MinimalJaxRs());
    }

    public static void uninstall() {
        RuntimeDelegate.setInstance(null);
    }

    @Override
    public Response.ResponseBuilder createResponseBuilder() {
        return new SimpleResponseBuilder();
    }

    @Override public UriBuilder createUriBuilder() { throw unused(); }
    @Override public Variant.VariantListBuilder createVariantListBuilder() { throw unused(); }
    @Override public <T> T createEndpoint(Application application, Class<T> type) { throw unused(); }
    @Override public <T> HeaderDelegate<T> createHeaderDelegate(Class<T> type) { throw unused(); }
    @Override public Link.Builder createLinkBuilder() { throw unused(); }
    @Override public SeBootstrap.Configuration.Builder createConfigurationBuilder() { throw unused(); }
    @Override public CompletionStage<SeBootstrap.Instance> bootstrap(Application a, SeBootstrap.Configuration c) { throw unused(); }
    @Override public CompletionStage<SeBootstrap.Instance> bootstrap(Class<? extends Application> a, SeBootstrap.Configuration c) { throw unused(); }
    @Override public EntityPart.Builder createEntityPartBuilder(String name) { throw unused(); }

    private static final class SimpleResponseBuilder extends Response.ResponseBuilder {

        private int status = 200;
        private Object entity;
        private MediaType type;

        @Override
        public Response build() {
            return new SimpleResponse(status, entity, type);
        }

        @Override
        public Response.ResponseBuilder clone() {
            SimpleResponseBuilder copy = new SimpleResponseBuilder();
            copy.status = status;
            copy.entity = entity;
            copy.type = type;
            return copy;
        }

        @Override
        public Response.ResponseBuilder status(int status) {
            this.status = status;
            return this;
        }

        @Override
        public Response.ResponseBuilder status(int status, String reasonPhrase) {
            return status(status);
        }

        @Override
        public Response.ResponseBuilder entity(Object entity) {
            this.entity = entity;
            return this;
        }

        @Override
        public Response.ResponseBuilder type(MediaType type) {
            this.type = type;
            return this;
        }

        @Override public Response.ResponseBuilder entity(Object entity, Annotation[] annotations) { throw unused(); }
        @Override public Response.ResponseBuilder allow(String... methods) { throw unused(); }
        @Override public Response.ResponseBuilder allow(Set<String> methods) { throw unused(); }
        @Override public Response.ResponseBuilder cacheControl(CacheControl cacheControl) { throw unused(); }
        @Override public Response.ResponseBuilder encoding(String encoding) { throw unused(); }
        @Override public Response.ResponseBuilder header(String name, Object value) { throw unused(); }
        @Override public Response.ResponseBuilder replaceAll(MultivaluedMap<String, Object> headers) { throw unused(); }
        @Override public Response.ResponseBuilder language(String language) { throw unused(); }
        @Override public Response.ResponseBuilder language(Locale language) { throw unused(); }
        @Override public Response.ResponseBuilder type(String type) { throw unused(); }
        @Override public Response.ResponseBuilder variant(Variant variant) { throw unused(); }
        @Override public Response.ResponseBuilder contentLocation(URI location) { throw unused(); }
        @Override public Response.ResponseBuilder cookie(NewCookie... cookies) { throw unused(); }
        @Override public Response.ResponseBuilder expires(Date expires) { throw unused(); }
        @Override public Response.ResponseBuilder lastModified(Date lastModified) { throw unused(); }
        @Override public Response.ResponseBuilder location(URI location) { throw unused(); }
        @Override public Response.ResponseBuilder tag(EntityTag tag) { throw unused(); }
        @Override public Response.ResponseBuilder tag(String tag) { throw unused(); }
        @Override public Response.ResponseBuilder variants(Variant... variants) { throw unused(); }
        @Override public Response.ResponseBuilder variants(List<Variant> variants) { throw unused(); }
        @Override public Response.ResponseBuilder links(Link... links) { throw unused(); }
        @Override public Response.ResponseBuilder link(URI uri, String rel) { throw unused(); }
        @Override public Response.ResponseBuilder link(String uri, String rel) { throw unused(); }
    }

    private static final class SimpleResponse extends Response {

        private final int status;
        private final Object entity;
        private final MediaType type;

        SimpleResponse(int status, Object entity, MediaType type) {
            this.status = status;
            this.entity = entity;
            this.type = type;
        }

        @Override public int getStatus() { return status; }
        @Override public StatusType getStatusInfo() { return Status.fromStatusCode(status); }
        @Override public Object getEntity() { return entity; }
        @Override public boolean hasEntity() { return entity != null; }
        @Override public MediaType getMediaType() { return type; }
        @Override public void close() { }

        @Override public <T> T readEntity(Class<T> type) { throw unused(); }
        @Override public <T> T readEntity(GenericType<T> type) { throw unused(); }
        @Override public <T> T readEntity(Class<T> type, Annotation[] annotations) { throw unused(); }
        @Override public <T> T readEntity(GenericType<T> type, Annotation[] annotations) { throw unused(); }
        @Override public boolean bufferEntity() { throw unused(); }
        @Override public Locale getLanguage() { throw unused(); }
        @Override public int getLength() { throw unused(); }
        @Override public Set<String> getAllowedMethods() { throw unused(); }
        @Override public Map<String, NewCookie> getCookies() { throw unused(); }
        @Override public EntityTag getEntityTag() { throw unused(); }
        @Override public Date getDate() { throw unused(); }
        @Override public Date getLastModified() { throw unused(); }
        @Override public URI getLocation() { throw unused(); }
        @Override public Set<Link> getLinks() { throw unused(); }
        @Override public boolean hasLink(String relation) { throw unused(); }
        @Override public Link getLink(String relation) { throw unused(); }
        @Override public Link.Builder getLinkBuilder(String relation) { throw unused(); }
        @Override public MultivaluedMap<String, Object> getMetadata() { throw unused(); }
        @Override public MultivaluedMap<String, String> getStringHeaders() { throw unused(); }
        @Override public String getHeaderString(String name) { throw unused(); }
    }

    private static UnsupportedOperationException unused() {
        return new UnsupportedOperationException("not needed by the push code under test");
    }
}
