package io.github.keycloakwechat.sandbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The simulated WeCom (企业微信) side: self-built apps of one or more corps, the corps' members, and outsiders (people
 * who are not members). The {@code "wecom"} section of the configuration file.
 *
 * @param apps      the WeCom apps (a corp exists when it has at least one app)
 * @param members   the members; one whose corpId is null belongs to the only corp (an error when there are several)
 * @param outsiders people who are not members of any corp
 */
public record SandboxWeCom(List<SandboxWeComApp> apps, List<SandboxWeComMember> members, List<SandboxWeComOutsider> outsiders) {

    /** The default corp's CorpID. */
    public static final String DEFAULT_CORP_ID = "wwsandboxcorp0001";
    /** The default app's AgentId. */
    public static final String DEFAULT_AGENT_ID = "1000002";
    /** The default app's Secret. */
    public static final String DEFAULT_SECRET = "sandbox-wecom-secret-0001";
    /** The default outsider (not a member): getuserinfo answers openid + external_userid. */
    public static final String DEFAULT_OUTSIDER_ID = "outsider";

    @JsonCreator
    public SandboxWeCom {
        apps = List.copyOf(apps == null ? List.of() : apps);
        outsiders = List.copyOf(outsiders == null ? List.of() : outsiders);
        Set<String> corps = new LinkedHashSet<>();
        Set<String> appKeys = new HashSet<>();
        for (SandboxWeComApp app : apps) {
            corps.add(app.corpId());
            if (!appKeys.add(app.corpId() + "/" + app.agentId())) {
                throw new IllegalArgumentException("WeCom app " + app.corpId() + "/" + app.agentId() + " is listed twice");
            }
        }
        List<SandboxWeComMember> resolved = new ArrayList<>();
        Set<String> memberKeys = new HashSet<>();
        Set<String> userids = new HashSet<>();
        for (SandboxWeComMember member : members == null ? List.<SandboxWeComMember>of() : members) {
            String corpId = member.corpId();
            if (corpId == null) {
                if (corps.size() != 1) {
                    throw new IllegalArgumentException("member " + member.userid() + " needs a corpId: there are "
                            + corps.size() + " WeCom corps");
                }
                corpId = corps.iterator().next();
            }
            if (!corps.contains(corpId)) {
                throw new IllegalArgumentException("member " + member.userid() + " belongs to " + corpId
                        + ", which has no WeCom app");
            }
            if (!memberKeys.add(corpId + "/" + member.userid())) {
                throw new IllegalArgumentException("member " + corpId + "/" + member.userid() + " is listed twice");
            }
            userids.add(member.userid());
            resolved.add(member.withCorpId(corpId));
        }
        members = List.copyOf(resolved);
        Set<String> outsiderIds = new HashSet<>();
        for (SandboxWeComOutsider outsider : outsiders) {
            if (userids.contains(outsider.id())) {
                throw new IllegalArgumentException("outsider " + outsider.id() + " has the userid of a member");
            }
            if (!outsiderIds.add(outsider.id())) {
                throw new IllegalArgumentException("outsider " + outsider.id() + " is listed twice");
            }
        }
    }

    /**
     * The built-in demo: corp {@value #DEFAULT_CORP_ID} with one self-built app (AgentId {@value #DEFAULT_AGENT_ID},
     * Secret {@value #DEFAULT_SECRET}, any redirect domain), members zhangsan (mobile and email), lisi (mobile only) and
     * wangwu (neither), and the outsider {@value #DEFAULT_OUTSIDER_ID}.
     */
    public static SandboxWeCom defaults() {
        SandboxWeComApp app = new SandboxWeComApp(DEFAULT_CORP_ID, DEFAULT_AGENT_ID, DEFAULT_SECRET, "Sandbox WeCom App",
                "沙箱企业 Sandbox Corp", null);
        return new SandboxWeCom(List.of(app), defaultMembers(), defaultOutsiders());
    }

    /** No corps, members or outsiders: a sandbox without WeCom. */
    public static SandboxWeCom none() {
        return new SandboxWeCom(List.of(), List.of(), List.of());
    }

    static List<SandboxWeComMember> defaultMembers() {
        return List.of(
                new SandboxWeComMember(DEFAULT_CORP_ID, "zhangsan", "张三", "13800000011", "zhangsan@example.com",
                        "zhangsan@sandboxcorp.wecom.work", "广州市海珠区新港中路 (sandbox)", "1", null, List.of(1), "工程师 Engineer", 1),
                new SandboxWeComMember(DEFAULT_CORP_ID, "lisi", "李四", "13800000012", null, null, null, "2", null, List.of(1),
                        "产品经理 Product manager", 1),
                new SandboxWeComMember(DEFAULT_CORP_ID, "wangwu", "王五", null, null, null, null, "0", null, List.of(1, 2),
                        "", 1));
    }

    static List<SandboxWeComOutsider> defaultOutsiders() {
        return List.of(new SandboxWeComOutsider(DEFAULT_OUTSIDER_ID, "外部用户"));
    }
}
