package io.github.keycloakwechat.api;

/** WeChat refuses to sign this person in (40226: a high-risk user, as WeChat's risk control judges). */
public class RiskyUserException extends WeChatApiException {

    private static final long serialVersionUID = 1L;

    public RiskyUserException(int errcode, String errmsg) {
        super(errcode, errmsg);
    }
}
