package io.github.keycloakwechat.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A standalone simulator of WeChat's Service Account (公众号) APIs, pushes and OAuth pages, of Open Platform
 * website login (qrconnect, wxLogin.js), of Mini Program login (jscode2session, getuserphonenumber) and of WeCom
 * (企业微信) login for self-built apps (gettoken, wwlogin/sso/login, in-client OAuth, auth/getuserinfo,
 * auth/getuserdetail, user/get), on the JDK's own HTTP server. One base URL serves what WeChat spreads
 * over api.weixin.qq.com, mp.weixin.qq.com, open.weixin.qq.com and res.wx.qq.com (and WeCom over
 * qyapi.weixin.qq.com, login.work.weixin.qq.com and open.work.weixin.qq.com), with their paths.
 */
public final class SandboxServer implements AutoCloseable {

    /**
     * Enough threads for a scan that waits on a push (up to 3 × 5 s) while the extension, handling that push,
     * calls back into the sandbox, plus injected delays.
     */
    private static final int THREADS = 16;

    private final HttpServer server;
    private final ExecutorService executor;
    private final SandboxState state;
    private final String baseUrl;

    private SandboxServer(HttpServer server, ExecutorService executor, SandboxState state, String baseUrl) {
        this.server = server;
        this.executor = executor;
        this.state = state;
        this.baseUrl = baseUrl;
    }

    /** Starts on {@code config.host():config.port()} (port 0 picks a free port). */
    public static SandboxServer start(SandboxConfig config) throws IOException {
        return start(config, null);
    }

    /**
     * Starts, advertising {@code publicBaseUrl} (e.g. "http://localhost:8090") in QR urls and avatar links
     * instead of the bound address; useful when listening on 0.0.0.0 or behind a proxy. Null for the default.
     */
    public static SandboxServer start(SandboxConfig config, String publicBaseUrl) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        String baseUrl = publicBaseUrl != null && !publicBaseUrl.isBlank()
                ? stripSlash(publicBaseUrl) : "http://" + hostForUrl(config.host()) + ":" + server.getAddress().getPort();
        SandboxState state = new SandboxState(config.apps(), config.users(), config.wecom());
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, threads());
        server.setExecutor(executor);
        server.createContext("/", routes(state, baseUrl));
        server.start();
        return new SandboxServer(server, executor, state, baseUrl);
    }

    private static Router routes(SandboxState state, String baseUrl) {
        Json json = new Json();
        Ids ids = state.ids();
        FaultInjector faults = new FaultInjector();
        Avatars avatars = new Avatars(state, () -> baseUrl);
        TokenService tokens = new TokenService(state, json, ids);
        QrCodeService qrCodes = new QrCodeService(state, tokens, json, ids, () -> baseUrl);
        UserInfoService userInfo = new UserInfoService(state, tokens, json);
        OAuthService oauth = new OAuthService(state, json, ids, avatars::urlOf);
        QrConnectService qrConnect = new QrConnectService(state, oauth, json, ids, () -> baseUrl);
        MiniProgramService miniProgram = new MiniProgramService(state, tokens, json, ids);
        MiniProgramPage miniProgramPage = new MiniProgramPage(state);
        WeComService weCom = new WeComService(state, json, ids, () -> baseUrl);
        PushDispatcher push = new PushDispatcher(state, ids, PushDispatcher.TIMEOUT);
        PhoneActions phone = new PhoneActions(state, push);
        PhonePage phonePage = new PhonePage(state);
        IndexPage index = new IndexPage(state, () -> baseUrl);

        Router router = new Router(state, faults, json, ids);
        router.api("POST", "/cgi-bin/stable_token", "stable_token", Response.WECHAT_JSON, tokens::stableToken)
                .api("GET", "/cgi-bin/token", "token", Response.WECHAT_JSON, tokens::classicToken)
                .api("POST", "/cgi-bin/qrcode/create", "qrcode/create", Response.WECHAT_JSON, qrCodes::create)
                .counted("GET", "/cgi-bin/showqrcode", "showqrcode", qrCodes::showQrCode)
                .api("GET", "/cgi-bin/user/info", "user/info", Response.WECHAT_JSON, userInfo::userInfo)
                .api("GET", "/sns/oauth2/access_token", "sns/oauth2/access_token", Response.WECHAT_SNS_JSON, oauth::accessToken)
                .api("GET", "/sns/oauth2/refresh_token", "sns/oauth2/refresh_token", Response.WECHAT_SNS_JSON, oauth::refresh)
                .api("GET", "/sns/userinfo", "sns/userinfo", Response.WECHAT_SNS_JSON, oauth::userInfo)
                .api("GET", "/sns/auth", "sns/auth", Response.WECHAT_SNS_JSON, oauth::auth)
                .api("GET", "/sns/jscode2session", "jscode2session", Response.WECHAT_SNS_JSON, miniProgram::codeToSession)
                .api("POST", "/wxa/business/getuserphonenumber", "getuserphonenumber", Response.WECHAT_JSON,
                        miniProgram::phoneNumber)
                .weComApi("GET", "/cgi-bin/gettoken", "gettoken", weCom::getToken)
                .weComApi("GET", "/cgi-bin/auth/getuserinfo", "auth/getuserinfo", weCom::getUserInfo)
                .weComApi("POST", "/cgi-bin/auth/getuserdetail", "auth/getuserdetail", weCom::getUserDetail)
                .weComApi("GET", "/cgi-bin/user/get", "user/get", weCom::getUser)
                .weComCounted("GET", "/wwlogin/sso/login", "sso/login", weCom::loginPage)
                .page("POST", "/wwlogin/sso/login/confirm", weCom::confirmLogin)
                .page("GET", "/wwlogin/sso/poll", weCom::poll)
                .page("GET", "/wwlogin/sso/qrcode/", weCom::qrImage)
                .page("GET", "/wwlogin/sso/scan", weCom::scanLanding)
                .page("GET", "/wwopen/sso/qrConnect", weCom::legacyQrConnect)
                .page("GET", "/wwopen/userQRCode", weCom::userQrCode)
                .page("GET", "/sandbox/wecom/avatar/", weCom::avatar)
                // One link for Service Accounts (AppID) and WeCom corps (CorpID), as on open.weixin.qq.com.
                .page("GET", "/connect/oauth2/authorize", r -> weCom.handlesAuthorize(r) ? weCom.authorize(r) : oauth.authorize(r))
                .page("POST", "/connect/oauth2/authorize/confirm", oauth::confirm)
                .page("POST", "/connect/oauth2/authorize/wecom/confirm", weCom::confirmAuthorize)
                .counted("GET", "/connect/qrconnect", "qrconnect", qrConnect::page)
                .page("POST", "/connect/qrconnect/confirm", qrConnect::confirm)
                .page("GET", "/connect/qrconnect/poll", qrConnect::poll)
                .page("GET", "/connect/qrcode/", qrConnect::qrImage)
                .page("GET", "/connect/confirm", qrConnect::scanLanding)
                .counted("GET", "/connect/zh_CN/htmledition/js/wxLogin.js", "wxLogin.js", qrConnect::wxLoginJs)
                .counted("GET", "/connect/en/htmledition/js/wxLogin.js", "wxLogin.js", qrConnect::wxLoginJs)
                .page("GET", "/q/", qrCodes::landingPage)
                .page("GET", "/", index::render)
                .page("GET", "/sandbox/phone", phonePage::render)
                .page("GET", "/sandbox/miniprogram", miniProgramPage::render)
                .page("GET", "/sandbox/avatar/", avatars::render);
        new ControlApi(state, phone, push, qrConnect, weCom, faults, json, () -> baseUrl, avatars::urlOf).register(router);
        return router;
    }

    /** e.g. {@code http://127.0.0.1:54321}, no trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The in-memory model: apps, people, follows, QR codes, counters. */
    public SandboxState state() {
        return state;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code --host 127.0.0.1 --port 8090 --config sandbox.json [--public-url http://localhost:8090]} */
    public static void main(String[] args) {
        // QR images are drawn with java.awt classes; a server has no display.
        System.setProperty("java.awt.headless", "true");
        String host = null;
        Integer port = null;
        Path configFile = null;
        String publicUrl = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--host" -> host = value(args, ++i);
                    case "--port" -> port = Integer.parseInt(value(args, ++i));
                    case "--config" -> configFile = Path.of(value(args, ++i));
                    case "--public-url" -> publicUrl = value(args, ++i);
                    case "-h", "--help" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            SandboxConfig config = configFile != null ? SandboxConfig.load(configFile) : SandboxConfig.defaults();
            config = config.withAddress(host != null ? host : config.host(), port != null ? port : config.port());
            SandboxServer sandbox = start(config, publicUrl);
            Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "sandbox-shutdown"));
            String base = sandbox.baseUrl();
            System.out.println("WeChat sandbox listening on " + config.host() + ":" + sandbox.server.getAddress().getPort());
            System.out.println("  Home:          " + base + "/");
            System.out.println("  Phone:         " + base + "/sandbox/phone");
            System.out.println("  Mini Program:  " + base + "/sandbox/miniprogram   (wx.login() and getPhoneNumber codes)");
            System.out.println("  API base URL:  " + base + "   (api.weixin.qq.com, mp.weixin.qq.com, open.weixin.qq.com and res.wx.qq.com paths)");
            System.out.println("  Control API:   " + base + "/sandbox/api/state");
            for (SandboxApp app : sandbox.state().apps()) {
                if (app.websiteApp()) {
                    System.out.println("  App " + app.appId() + " (" + app.name() + ", website app): " + base
                            + "/connect/qrconnect, " + base + "/connect/zh_CN/htmledition/js/wxLogin.js");
                    continue;
                }
                if (app.miniProgramApp()) {
                    System.out.println("  App " + app.appId() + " (" + app.name() + ", Mini Program): " + base
                            + "/sns/jscode2session, " + base + "/wxa/business/getuserphonenumber");
                    continue;
                }
                System.out.println("  App " + app.appId() + " (" + app.name() + ", " + app.messageMode() + " mode) pushes to "
                        + (app.callbackUrl() == null ? "(no callback URL yet)" : app.callbackUrl()));
            }
            for (SandboxWeComApp app : sandbox.state().weComApps()) {
                System.out.println("  WeCom " + app.corpId() + " AgentId " + app.agentId() + " (" + app.name() + "): " + base
                        + "/cgi-bin/gettoken, " + base + "/wwlogin/sso/login, " + base + "/connect/oauth2/authorize");
            }
            System.out.println("Press Ctrl-C to stop.");
        } catch (IllegalArgumentException | IOException | java.io.UncheckedIOException e) {
            System.err.println("sandbox: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    private static final String USAGE = "usage: java -jar keycloak-wechat-sandbox-all.jar [--host 127.0.0.1] [--port 8090] "
            + "[--config sandbox.json] [--public-url http://localhost:8090]";

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static String hostForUrl(String host) {
        if ("0.0.0.0".equals(host) || "::".equals(host)) {
            return "localhost";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "sandbox-http-" + n.incrementAndGet());
            t.setDaemon(false);
            return t;
        };
    }
}
