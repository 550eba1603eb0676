package io.footfall.agent.receive;

/** Test access to the package-private parser. */
public final class CountsParserAccess {
    private CountsParserAccess() {}

    public static ReceivedWindow parse(byte[] payload) {
        return CountsParser.parse(payload);
    }
}
