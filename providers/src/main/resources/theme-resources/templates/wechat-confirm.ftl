<#-- "Confirm on the phone": the page the link in WeChat's reply opens, in WeChat's browser. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayInfo=false; section>
    <#if section = "header">
        ${msg("wechatConfirmTitle")}
    <#elseif section = "form">
        <link rel="stylesheet" href="${url.resourcesPath}/css/wechat-qr.css"/>
        <div id="wechat-confirm" class="wechat-confirm" data-step="${wechatConfirm.step}">
        <#if wechatConfirm.step == "question">
            <p id="wechat-confirm-question" class="wechat-confirm__question">${msg("wechatConfirmQuestion", wechatConfirm.site)}</p>
            <dl class="wechat-confirm__details">
                <dt>${msg("wechatConfirmSite")}</dt><dd id="wechat-confirm-site">${wechatConfirm.site}</dd>
                <#if wechatConfirm.client??>
                <dt>${msg("wechatConfirmClient")}</dt><dd id="wechat-confirm-client">${advancedMsg(wechatConfirm.client)}</dd>
                </#if>
                <#if wechatConfirm.time??>
                <dt>${msg("wechatConfirmTime")}</dt><dd id="wechat-confirm-time">${wechatConfirm.time}</dd>
                </#if>
                <#if wechatConfirm.address??>
                <dt>${msg("wechatConfirmAddress")}</dt><dd id="wechat-confirm-address">${wechatConfirm.address}</dd>
                </#if>
                <#if wechatConfirm.device??>
                <dt>${msg("wechatConfirmDevice")}</dt><dd id="wechat-confirm-device">${wechatConfirm.device}</dd>
                </#if>
            </dl>
            <p class="wechat-confirm__warning">${msg("wechatConfirmWarning")}</p>
            <form method="post" action="${wechatConfirm.action}" class="wechat-confirm__answers">
                <input type="hidden" name="token" value="${wechatConfirm.answerToken}"/>
                <button type="submit" id="wechat-confirm-yes" name="answer" value="confirm"
                        class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!}">${msg("wechatConfirmYes")}</button>
                <button type="submit" id="wechat-confirm-no" name="answer" value="deny"
                        class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!}">${msg("wechatConfirmNo")}</button>
            </form>
        <#else>
            <p id="wechat-confirm-message" class="wechat-confirm__message<#if !wechatConfirm.ok> wechat-confirm__message--error</#if>"
               role="<#if wechatConfirm.ok>status<#else>alert</#if>">${msg(wechatConfirm.message)}</p>
            <p class="wechat-confirm__close">${msg("wechatConfirmClose")}</p>
        </#if>
        </div>
    </#if>
</@layout.registrationLayout>
