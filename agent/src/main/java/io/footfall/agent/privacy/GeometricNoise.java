package io.footfall.agent.privacy;

import java.security.SecureRandom;

/**
 * The two-sided geometric mechanism (Ghosh, Roughgarden and Sundararajan, 2009): integer noise with
 * {@code P(x) ∝ exp(-ε|x|)}, which makes a count of sensitivity 1 ε-differentially private. The
 * discrete counterpart of Laplace noise, so no floating-point result is ever rounded.
 */
final class GeometricNoise {
    private GeometricNoise() {}

    /** A sample for budget {@code epsilon}; draws from {@code random}, which must be unpredictable. */
    static int sample(SecureRandom random, double epsilon) {
        double lnAlpha = -epsilon;
        return geometric(random, lnAlpha) - geometric(random, lnAlpha);
    }

    /** Failures before the first success, success probability {@code 1 - exp(lnAlpha)}. */
    private static int geometric(SecureRandom random, double lnAlpha) {
        double u = 1 - random.nextDouble(); // (0, 1]
        return (int) Math.min(Integer.MAX_VALUE / 4, Math.floor(Math.log(u) / lnAlpha));
    }

    /** The variance of one sample, {@code 2α / (1 - α)²} with {@code α = exp(-ε)}. */
    static double variance(double epsilon) {
        double a = Math.exp(-epsilon);
        return 2 * a / ((1 - a) * (1 - a));
    }
}
