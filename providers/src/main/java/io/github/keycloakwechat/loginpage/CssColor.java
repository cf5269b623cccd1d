package io.github.keycloakwechat.loginpage;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A CSS color as an admin may type it: hex, rgb()/rgba()/hsl()/hsla() with plain numbers, or a named color. The value
 * lands inside a style sheet, so anything else is refused: a semicolon, brace, quote or url() must never get through.
 */
public final class CssColor {

    private static final int MAX_LENGTH = 64;
    private static final Pattern HEX = Pattern.compile("#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})");
    /** Bounded numbers and a required separator between them: linear time, whatever the input (no ReDoS). */
    private static final String NUMBER = "[+-]?(?:\\d{1,3}(?:\\.\\d{1,4})?|\\.\\d{1,4})(?:%|deg)?";
    private static final Pattern FUNCTION = Pattern.compile(
            "(?:rgb|rgba|hsl|hsla)\\(\\s*" + NUMBER + "(?:(?:\\s*[,/]\\s*|\\s+)" + NUMBER + "){2,3}\\s*\\)");
    private static final Set<String> NAMED = Set.of(
            "transparent", "currentcolor", "aliceblue", "antiquewhite", "aqua", "aquamarine", "azure", "beige",
            "bisque", "black", "blanchedalmond", "blue", "blueviolet", "brown", "burlywood", "cadetblue",
            "chartreuse", "chocolate", "coral", "cornflowerblue", "cornsilk", "crimson", "cyan", "darkblue",
            "darkcyan", "darkgoldenrod", "darkgray", "darkgreen", "darkgrey", "darkkhaki", "darkmagenta",
            "darkolivegreen", "darkorange", "darkorchid", "darkred", "darksalmon", "darkseagreen", "darkslateblue",
            "darkslategray", "darkslategrey", "darkturquoise", "darkviolet", "deeppink", "deepskyblue", "dimgray",
            "dimgrey", "dodgerblue", "firebrick", "floralwhite", "forestgreen", "fuchsia", "gainsboro", "ghostwhite",
            "gold", "goldenrod", "gray", "green", "greenyellow", "grey", "honeydew", "hotpink", "indianred",
            "indigo", "ivory", "khaki", "lavender", "lavenderblush", "lawngreen", "lemonchiffon", "lightblue",
            "lightcoral", "lightcyan", "lightgoldenrodyellow", "lightgray", "lightgreen", "lightgrey", "lightpink",
            "lightsalmon", "lightseagreen", "lightskyblue", "lightslategray", "lightslategrey", "lightsteelblue",
            "lightyellow", "lime", "limegreen", "linen", "magenta", "maroon", "mediumaquamarine", "mediumblue",
            "mediumorchid", "mediumpurple", "mediumseagreen", "mediumslateblue", "mediumspringgreen",
            "mediumturquoise", "mediumvioletred", "midnightblue", "mintcream", "mistyrose", "moccasin",
            "navajowhite", "navy", "oldlace", "olive", "olivedrab", "orange", "orangered", "orchid", "palegoldenrod",
            "palegreen", "paleturquoise", "palevioletred", "papayawhip", "peachpuff", "peru", "pink", "plum",
            "powderblue", "purple", "rebeccapurple", "red", "rosybrown", "royalblue", "saddlebrown", "salmon",
            "sandybrown", "seagreen", "seashell", "sienna", "silver", "skyblue", "slateblue", "slategray",
            "slategrey", "snow", "springgreen", "steelblue", "tan", "teal", "thistle", "tomato", "turquoise",
            "violet", "wheat", "white", "whitesmoke", "yellow", "yellowgreen");

    private CssColor() {
    }

    /** The color, trimmed, if it is one; empty otherwise. */
    public static Optional<String> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String color = value.trim();
        if (color.isEmpty() || color.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        if (HEX.matcher(color).matches() || FUNCTION.matcher(color).matches()
                || NAMED.contains(color.toLowerCase(Locale.ROOT))) {
            return Optional.of(color);
        }
        return Optional.empty();
    }
}
