package io.github.keycloakwechat.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Dispatches requests by method and path. WeChat API routes are counted, pass through the {@link FaultInjector}
 * and turn an {@link ApiError} into WeChat's HTTP 200 errcode answer.
 */
final class Router implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    /** A handler that builds the whole response. */
    interface PageHandler {
        Response handle(Request request) throws IOException, ApiError;
    }

    /** A WeChat API handler that answers a JSON object (errcode-free on success). */
    interface ApiHandler {
        ObjectNode handle(Request request) throws IOException, ApiError;
    }

    /**
     * @param wecom a WeCom API (qyapi.weixin.qq.com): errors carry WeCom's errmsg ("..., hint: [...], from ip: ...,
     *              more info at ...") instead of WeChat's ("..., rid: ...")
     */
    private record Route(String method, String path, boolean prefix, String apiName, String jsonType, boolean wecom,
                         PageHandler handler) {
        Route(String method, String path, boolean prefix, String apiName, String jsonType, PageHandler handler) {
            this(method, path, prefix, apiName, jsonType, false, handler);
        }

        boolean matchesPath(String p) {
            return prefix ? p.startsWith(path) && p.length() > path.length() : p.equals(path);
        }
    }

    private final List<Route> routes = new ArrayList<>();
    private final SandboxState state;
    private final FaultInjector faults;
    private final Json json;
    private final Ids ids;

    Router(SandboxState state, FaultInjector faults, Json json, Ids ids) {
        this.state = state;
        this.faults = faults;
        this.json = json;
        this.ids = ids;
    }

    /** A simulated WeChat API: counted as {@code apiName}, subject to faults, answering JSON of {@code jsonType}. */
    Router api(String method, String path, String apiName, String jsonType, ApiHandler handler) {
        routes.add(new Route(method, path, false, apiName, jsonType,
                request -> wechatJson(200, jsonType, handler.handle(request))));
        return this;
    }

    /**
     * A simulated WeCom API (qyapi.weixin.qq.com): counted as {@code apiName}, subject to faults, answering
     * {@code application/json; charset=utf-8}; errors in WeCom's errmsg format. The handler's answer includes
     * {@code errcode} 0 and {@code errmsg} "ok", as WeCom's do.
     */
    Router weComApi(String method, String path, String apiName, ApiHandler handler) {
        routes.add(new Route(method, path, false, apiName, Response.JSON, true,
                request -> wechatJson(200, Response.JSON, handler.handle(request))));
        return this;
    }

    /** A simulated WeCom endpoint that answers a page (sso/login): counted and subject to faults. */
    Router weComCounted(String method, String path, String apiName, PageHandler handler) {
        routes.add(new Route(method, path, false, apiName, Response.JSON, true, handler));
        return this;
    }

    /** A simulated WeChat endpoint that does not answer JSON (showqrcode), still counted and subject to faults. */
    Router counted(String method, String path, String apiName, PageHandler handler) {
        routes.add(new Route(method, path, false, apiName, Response.WECHAT_JSON, handler));
        return this;
    }

    /** A page or control endpoint; a path ending in '/' also matches everything below it. */
    Router page(String method, String path, PageHandler handler) {
        boolean prefix = path.endsWith("/") && path.length() > 1;
        routes.add(new Route(method, path, prefix, null, null, handler));
        return this;
    }

    /** The names WeChat API calls are counted under, e.g. "stable_token", "qrcode/create". */
    Set<String> apiNames() {
        Set<String> names = new TreeSet<>();
        routes.stream().map(Route::apiName).filter(Objects::nonNull).forEach(names::add);
        return names;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response;
            try {
                response = dispatch(new Request(exchange));
            } catch (Request.BodyTooLargeException e) {
                response = Response.text(413, e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "sandbox request failed: " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI().getPath(), e);
                response = Response.text(500, "sandbox internal error: " + e.getClass().getSimpleName());
            }
            write(exchange, response);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "client went away: " + e.getMessage());
        }
    }

    private Response dispatch(Request request) throws IOException {
        String path = request.path();
        Route pathMatch = null;
        for (Route route : routes) {
            if (route.matchesPath(path)) {
                if (route.method().equals(request.method()) || ("HEAD".equals(request.method()) && "GET".equals(route.method()))) {
                    return run(route, request);
                }
                pathMatch = pathMatch == null ? route : pathMatch;
            }
        }
        if (pathMatch != null) {
            if (pathMatch.apiName() != null) {
                // WeChat's answer to the wrong HTTP method.
                ApiError error = "POST".equals(pathMatch.method())
                        ? new ApiError(43002, "require POST method") : new ApiError(43001, "require GET method");
                return errorResponse(200, pathMatch, request, error);
            }
            return new Response(405, "text/plain; charset=utf-8", "method not allowed".getBytes(),
                    Map.of("Allow", pathMatch.method()));
        }
        if (path.startsWith("/cgi-bin/") || path.startsWith("/sns/") || path.startsWith("/wxa/")) {
            return errorResponse(Response.WECHAT_JSON, new ApiError(-1, "system error", "unknown API in the sandbox: " + path));
        }
        return Response.html(404, Html.page("404", "<h1>404</h1><p>Not found / 未找到: " + Html.esc(path)
                + "</p><p><a href=\"/\">Sandbox home / 首页</a></p>"));
    }

    private Response run(Route route, Request request) throws IOException {
        try {
            if (route.apiName() != null) {
                state.countCall(route.apiName());
                Optional<FaultInjector.Fault> fault = faults.take(route.apiName());
                if (fault.isPresent()) {
                    Response injected = inject(fault.get(), route, request);
                    if (injected != null) {
                        return injected;
                    }
                }
            }
            return route.handler().handle(request);
        } catch (ApiError e) {
            return errorResponse(200, route, request, e);
        }
    }

    /** Applies a fault; null when it only delays and the call then proceeds normally. */
    private Response inject(FaultInjector.Fault fault, Route route, Request request) {
        if (fault.delayMs() > 0) {
            try {
                Thread.sleep(fault.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Response.text(503, "interrupted");
            }
        }
        if (fault.errcode() != null) {
            String message = fault.errmsg() != null ? fault.errmsg()
                    : route.wecom() ? FaultInjector.defaultWeComErrmsg(fault.errcode()) : FaultInjector.defaultErrmsg(fault.errcode());
            int status = fault.httpStatus() != null ? fault.httpStatus() : 200;
            return errorResponse(status, route, request, new ApiError(fault.errcode(), message));
        }
        if (fault.body() != null) {
            return Response.of(fault.httpStatus() != null ? fault.httpStatus() : 200, Response.WECHAT_JSON,
                    fault.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (fault.oversizeBytes() != null) {
            String head = "{\"errcode\":0,\"errmsg\":\"ok\",\"padding\":\"";
            String tail = "\"}";
            int fill = Math.max(0, fault.oversizeBytes() - head.length() - tail.length());
            return Response.of(fault.httpStatus() != null ? fault.httpStatus() : 200, Response.WECHAT_JSON,
                    (head + "x".repeat(fill) + tail).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (fault.httpStatus() != null) {
            return Response.html(fault.httpStatus(), "<html><body><h1>" + fault.httpStatus()
                    + "</h1><p>sandbox injected failure</p></body></html>");
        }
        return null;
    }

    private Response errorResponse(String jsonType, ApiError error) {
        return errorResponse(200, jsonType, error);
    }

    private Response errorResponse(int status, String jsonType, ApiError error) {
        ObjectNode body = json.object();
        body.put("errcode", error.errcode());
        body.put("errmsg", error.errmsg(ids.rid()));
        return wechatJson(status, jsonType, body);
    }

    /** An error answer in the route's flavour: WeChat's errmsg, or WeCom's (with "from ip"). */
    private Response errorResponse(int status, Route route, Request request, ApiError error) {
        String jsonType = route.jsonType() == null ? Response.JSON : route.jsonType();
        if (!route.wecom()) {
            return errorResponse(status, jsonType, error);
        }
        ObjectNode body = json.object();
        body.put("errcode", error.errcode());
        body.put("errmsg", error.weComErrmsg(ids.weComHint(state.now().toEpochMilli()), request.remoteIp()));
        return wechatJson(status, jsonType, body);
    }

    private Response wechatJson(int status, String jsonType, ObjectNode body) {
        return Response.of(status, jsonType, json.write(body));
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] body = response.body();
        boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
