package io.github.keycloakwechat.broker;

/** Whether a WeChat person who matches no user gets a new account, or is told to bind WeChat to one first. */
public enum NewUsers implements ConfigChoice {
    CREATE,
    REFUSE
}
