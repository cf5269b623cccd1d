package io.github.keycloakwechat.loginpage;

/** The six colors of the page, each already validated by {@link CssColor}. Getters, because FreeMarker reads them. */
public final class Palette {

    private final String pageBackground;
    private final String text;
    private final String formBackground;
    private final String formText;
    private final String buttonBackground;
    private final String buttonText;

    Palette(String pageBackground, String text, String formBackground, String formText, String buttonBackground,
            String buttonText) {
        this.pageBackground = pageBackground;
        this.text = text;
        this.formBackground = formBackground;
        this.formText = formText;
        this.buttonBackground = buttonBackground;
        this.buttonText = buttonText;
    }

    public String getPageBackground() {
        return pageBackground;
    }

    public String getText() {
        return text;
    }

    public String getFormBackground() {
        return formBackground;
    }

    public String getFormText() {
        return formText;
    }

    public String getButtonBackground() {
        return buttonBackground;
    }

    public String getButtonText() {
        return buttonText;
    }
}
