package dev.firedrill.harness.backend.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The price table {@link AwsCost} uses, as shipped in {@code aws-prices.json} beside this class: when it was taken
 * ({@link #taken()}), for which region and from where ({@link #source()}). Prices drift; the Price List API
 * ({@code pricing:GetProducts}) gives live ones.
 */
public record AwsPrices(String taken, String region, String source, int hoursPerMonth, Map<String, Price> prices) {
    private static final String RESOURCE = "aws-prices.json";

    /** One price: US dollars per {@code unit}, with an optional note and, when not the table's, its source. */
    public record Price(String key, double usd, String unit, String note, String source) {
    }

    public AwsPrices {
        prices = Map.copyOf(prices);
    }

    /** The table the project ships. */
    public static AwsPrices standard() {
        try (InputStream in = AwsPrices.class.getResourceAsStream(RESOURCE)) {
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, Price> prices = new LinkedHashMap<>();
            root.path("prices").properties().forEach(e -> {
                JsonNode p = e.getValue();
                prices.put(e.getKey(), new Price(e.getKey(), p.path("usd").asDouble(), p.path("unit").asText(),
                        p.path("note").asText(null), p.path("source").asText(null)));
            });
            return new AwsPrices(root.path("taken").asText(), root.path("region").asText(),
                    root.path("source").asText(), root.path("hoursPerMonth").asInt(730), prices);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from the classpath", e);
        }
    }

    /** The price under {@code key}, e.g. {@code ec2:t3.micro}; a missing key is a bug in the table. */
    public Price price(String key) {
        Price p = prices.get(key);
        if (p == null) {
            throw new IllegalStateException(RESOURCE + " has no price '" + key + "'");
        }
        return p;
    }

    public boolean has(String key) {
        return prices.containsKey(key);
    }
}
