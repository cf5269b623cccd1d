<#-- keycloak.v2's login page, with the offered sign-in methods as tabs (password, WeChat QR) in the admin's order. -->
<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#import "social-providers.ftl" as identityProviders>
<#import "passkeys.ftl" as passkeys>
<#assign wechatCustom = (wechatPage?? && wechatPage.enabled)>
<#assign wechatTabs = wechatCustom?then(wechatPage.tabs, ["password"])>
<#assign wechatDefaultTab = (wechatCustom && wechatPage.defaultTab??)?then(wechatPage.defaultTab, "password")>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('username','password') displayInfo=realm.password && realm.registrationAllowed && !registrationDisabled??; section>
<!-- template: login.ftl -->

    <#if section = "header">
        ${msg("loginAccountTitle")}
    <#elseif section = "form">
        <#if wechatTabs?size gt 1>
        <div id="wechat-tabs" class="wechat-tabs" role="tablist" aria-label="${msg("wechatLoginMethods")}">
            <#list wechatTabs as tab>
            <button type="button" role="tab" id="wechat-tab-${tab}" class="wechat-tabs__tab"
                    aria-controls="wechat-panel-${tab}" aria-selected="${(tab == wechatDefaultTab)?c}"
                    tabindex="${(tab == wechatDefaultTab)?then('0', '-1')}" data-tab="${tab}">${msg("wechatTab." + tab)}</button>
            </#list>
        </div>
        </#if>
        <#list wechatTabs as tab>
        <div id="wechat-panel-${tab}" class="wechat-panel" data-tab="${tab}"
             <#if wechatTabs?size gt 1>role="tabpanel" aria-labelledby="wechat-tab-${tab}" tabindex="-1"</#if>
             <#if tab != wechatDefaultTab>hidden</#if>>
        <#if tab == "qr">
            <#-- The Service Account QR page of the wechat-mp provider, compact; on success it navigates this page. -->
            <iframe id="wechat-qr-frame" class="wechat-qr-frame" title="${msg("wechatQrFrameTitle")}"
                    data-src="${wechatPage.qrFrameUrl}"></iframe>
        <#elseif realm.password>
        <div id="kc-form">
          <div id="kc-form-wrapper">
                <form id="kc-form-login" class="${properties.kcFormClass!}" onsubmit="login.disabled = true; return true;" action="${url.loginAction}" method="post" novalidate="novalidate">
                    <#if !usernameHidden??>
                        <#assign label>
                            <#if !realm.loginWithEmailAllowed>${msg("username")}<#elseif !realm.registrationEmailAsUsername>${msg("usernameOrEmail")}<#else>${msg("email")}</#if>
                        </#assign>
                        <@field.input name="username" label=label error=messagesPerField.getFirstError('username','password')
                            autofocus=(tab == wechatDefaultTab) autocomplete="${(enableWebAuthnConditionalUI?has_content)?then('username webauthn', 'username')}" value=login.username!'' />
                        <@field.password name="password" label=msg("password") error="" forgotPassword=realm.resetPasswordAllowed autofocus=usernameHidden?? autocomplete="current-password">
                            <#if realm.rememberMe && !usernameHidden??>
                                <@field.checkbox name="rememberMe" label=msg("rememberMe") value=login.rememberMe?? />
                            </#if>
                        </@field.password>
                    <#else>
                        <@field.password name="password" label=msg("password") forgotPassword=realm.resetPasswordAllowed autofocus=usernameHidden?? autocomplete="current-password">
                            <#if realm.rememberMe && !usernameHidden??>
                                <@field.checkbox name="rememberMe" label=msg("rememberMe") value=login.rememberMe?? />
                            </#if>
                        </@field.password>
                    </#if>

                    <input type="hidden" id="id-hidden-input" name="credentialId" <#if auth.selectedCredential?has_content>value="${auth.selectedCredential}"</#if>/>
                    <@buttons.loginButton />
                </form>
            </div>
        </div>
        </#if>
        </div>
        </#list>
        <@passkeys.conditionalUIData />
    <#elseif section = "socialProviders" >
        <#if wechatCustom>
            <#if wechatPage.showButtons && wechatPage.buttons?has_content>
                <@identityProviders.show social={"providers": wechatPage.buttons}/>
            </#if>
        <#elseif realm.password && social.providers?? && social.providers?has_content>
            <@identityProviders.show social=social/>
        </#if>
    <#elseif section = "info" >
        <#if realm.password && realm.registrationAllowed && !registrationDisabled??>
            <div id="kc-registration-container">
                <div id="kc-registration">
                    <span>${msg("noAccount")} <a href="${url.registrationUrl}">${msg("doRegister")}</a></span>
                </div>
            </div>
        </#if>
    </#if>

</@layout.registrationLayout>
