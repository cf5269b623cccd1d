package io.github.keycloakwechat.api;

/**
 * A product's errcodes as exception types. WeChat (Service Account, Open Platform, Mini Program) and WeCom number
 * their errors differently, so each product's client reads answers through its own table.
 */
@FunctionalInterface
public interface ErrcodeTable {

    /** The most specific exception for a non-zero errcode. */
    WeChatApiException toException(int errcode, String errmsg);
}
