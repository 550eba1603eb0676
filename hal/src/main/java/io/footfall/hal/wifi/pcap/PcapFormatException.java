package io.footfall.hal.wifi.pcap;

import io.footfall.hal.HalException;

/**
 * The stream is not a pcap or pcapng capture at all (bad magic, header cut short, unsupported
 * version). Problems inside individual records never raise this: they are counted as malformed.
 */
public class PcapFormatException extends HalException {
    public PcapFormatException(String message) {
        super(message);
    }

    public PcapFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
