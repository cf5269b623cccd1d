package io.github.keycloakwechat.sandbox;

/**
 * What happened to one pushed event.
 *
 * @param event      subscribe, SCAN, unsubscribe
 * @param openid     the person's openid in the app (FromUserName)
 * @param attempts   HTTP attempts made (WeChat makes at most 3)
 * @param delivered  whether an attempt got a 2xx answer within 5 s
 * @param httpStatus the status of the last answer, null if none came
 * @param replyText  what the person sees in the chat: the passive reply's text, WeChat's "service unavailable"
 *                   line, or null when the account acknowledged without replying ("success" or empty)
 * @param error      why the reply was not understood or the delivery failed; null when all went well
 */
public record PushResult(String event, String openid, int attempts, boolean delivered, Integer httpStatus,
                         String replyText, String error) {

    /** What WeChat shows the person when the account's server does not answer properly. */
    public static final String SERVICE_UNAVAILABLE = "该公众号暂时无法提供服务，请稍后再试";
}
