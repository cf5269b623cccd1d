<#import "template.ftl" as layout>
<@layout.registrationLayout displayInfo=false; section>
    <#if section = "header">
        ${msg("wechatOpenTitle")}
    <#elseif section = "form">
        <link rel="stylesheet" href="${url.resourcesPath}/css/wechat-qr.css"/>
        <#if wechatError??>
            <div id="wechat-open" class="wechat-qr" data-state="error">
                <p class="wechat-qr__state wechat-qr__state--error" role="alert">${msg(wechatError)}</p>
                <p><a id="wechat-qr-back" class="wechat-qr__back" href="${url.loginUrl}">${msg("wechatQrBack")}</a></p>
            </div>
        <#else>
            <div id="wechat-open" class="wechat-qr" data-state="pending"
                 data-appid="${wechatOpen.appId}"
                 data-scope="${wechatOpen.scope}"
                 data-redirect-uri="${wechatOpen.redirectUri}"
                 data-state-param="${wechatOpen.state}"
                 data-lang="${wechatOpen.lang}">
                <p class="wechat-qr__instruction">${msg("wechatOpenInstruction")}</p>
                <div id="wechat-open-panel" class="wechat-open__panel"></div>
                <p id="wechat-open-failed" class="wechat-qr__state wechat-qr__state--error" role="alert" hidden>${msg("wechatOpenUnavailable")}</p>
                <p><a id="wechat-qr-back" class="wechat-qr__back" href="${url.loginUrl}">${msg("wechatQrBack")}</a></p>
            </div>
            <script src="${wechatOpen.scriptUrl}" defer></script>
            <script src="${url.resourcesPath}/js/wechat-open-qr.js" defer></script>
        </#if>
    </#if>
</@layout.registrationLayout>
