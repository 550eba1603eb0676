package io.footfall.agent.receive;

import io.footfall.agent.kinds.Kinds;

/** Test access to the package-private parser. */
public final class CountsParserAccess {
    private CountsParserAccess() {}

    public static ReceivedWindow parse(byte[] payload) {
        return CountsParser.parse(payload, Kinds.STANDARD.sections());
    }
}
