package io.footfall.agent.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class GeometricNoiseTest {
    @Test
    void samples_are_centred_with_the_variance_of_the_two_sided_geometric_distribution() {
        SecureRandom random = new SecureRandom();
        for (double eps : new double[] {0.25, 1, 3}) {
            int n = 100_000;
            double sum = 0;
            double sq = 0;
            int zeros = 0;
            for (int i = 0; i < n; i++) {
                int x = GeometricNoise.sample(random, eps);
                sum += x;
                sq += (double) x * x;
                zeros += x == 0 ? 1 : 0;
            }
            double var = GeometricNoise.variance(eps);
            double mean = sum / n;
            assertEquals(0, mean, 5 * Math.sqrt(var / n), "mean at epsilon " + eps);
            assertEquals(var, sq / n - mean * mean, 0.05 * var, "variance at epsilon " + eps);
            double a = Math.exp(-eps);
            assertEquals((1 - a) / (1 + a), zeros / (double) n, 0.01, "P(0) at epsilon " + eps);
        }
    }

    @Test
    void a_smaller_budget_means_more_noise() {
        assertTrue(GeometricNoise.variance(0.1) > GeometricNoise.variance(1));
    }
}
