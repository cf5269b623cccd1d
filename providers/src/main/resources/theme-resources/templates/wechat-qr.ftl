<#import "template.ftl" as layout>
<@layout.registrationLayout displayInfo=true; section>
    <#if section = "header">
        ${msg("wechatQrTitle")}
    <#elseif section = "form">
        <link rel="stylesheet" href="${url.resourcesPath}/css/wechat-qr.css"/>
        <#if wechatError??>
            <#-- In the login page's QR frame too, both lead the whole page on (target _top; the script for Retry). -->
            <div id="wechat-qr" class="wechat-qr" data-state="error" data-login-url="${url.loginUrl}"
                 data-alias="${wechatErrorAlias!""}">
                <p id="wechat-qr-state" class="wechat-qr__state wechat-qr__state--error" role="alert">${msg(wechatError)}</p>
                <p><button id="wechat-qr-retry" type="button" class="wechat-qr__refresh">${msg("wechatQrRetry")}</button></p>
                <p><a id="wechat-qr-back" class="wechat-qr__back" href="${url.loginUrl}" target="_top">${msg("wechatQrBack")}</a></p>
            </div>
            <script src="${url.resourcesPath}/js/wechat-qr.js" defer></script>
        <#else>
            <div id="wechat-qr" class="wechat-qr" data-state="pending"
                 data-scene="${wechatQr.scene}"
                 data-scan-base="${wechatQr.scanBase}"
                 data-complete-url="${wechatQr.completeUrl}"
                 data-expires-in="${wechatQr.expiresIn?c}"
                 data-msg-pending="${msg("wechatQrPending")}"
                 data-msg-scanned="${msg("wechatQrScanned")}"
                 data-msg-confirming="${msg("wechatQrConfirming")}"
                 data-msg-denied="${msg("wechatQrDenied")}"
                 data-msg-expired="${msg("wechatQrExpiredState")}"
                 data-msg-renew-failed="${msg("wechatQrRenewFailed")}"
                 data-msg-network="${msg("wechatQrNetworkError")}"
                 data-msg-countdown="${msg("wechatQrCountdown")}">
                <p class="wechat-qr__instruction">${msg("wechatQrInstruction")}</p>
                <div class="wechat-qr__frame">
                    <img id="wechat-qr-image" class="wechat-qr__image" src="${wechatQr.image}"
                         alt="${msg("wechatQrAlt")}" width="240" height="240"/>
                </div>
                <p id="wechat-qr-state" class="wechat-qr__state" role="status" aria-live="polite">${msg("wechatQrPending")}</p>
                <p id="wechat-qr-countdown" class="wechat-qr__countdown" aria-live="off"></p>
                <p><button id="wechat-qr-refresh" type="button" class="wechat-qr__refresh" hidden>${msg("wechatQrRefresh")}</button></p>
                <p><a id="wechat-qr-back" class="wechat-qr__back" href="${url.loginUrl}">${msg("wechatQrBack")}</a></p>
            </div>
            <script src="${url.resourcesPath}/js/wechat-qr.js" defer></script>
        </#if>
    <#elseif section = "info">
        ${msg("wechatQrHelp")}
    </#if>
</@layout.registrationLayout>
