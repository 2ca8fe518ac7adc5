package dev.stripeoperator.standin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stripe's request parameters, form-encoded in a body or a query string as stripe-java sends them. */
public final class FormParameters {

    private FormParameters() {}

    /** Every value of every parameter, in order; {@code null} or empty gives none. */
    public static Map<String, List<String>> parse(String encoded) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return form;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return form;
    }

    /** The last value of each parameter. */
    public static Map<String, String> lastValues(String encoded) {
        Map<String, String> last = new LinkedHashMap<>();
        parse(encoded).forEach((key, values) -> last.put(key, values.getLast()));
        return last;
    }
}
