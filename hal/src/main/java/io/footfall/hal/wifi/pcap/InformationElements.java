package io.footfall.hal.wifi.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds the information elements of a probe request body, in the order the calls are made. */
public final class InformationElements {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private InformationElements() {}

    public static InformationElements builder() {
        return new InformationElements();
    }

    /** SSID element (0); an empty string is the wildcard SSID. At most 32 bytes of UTF-8. */
    public InformationElements ssid(String ssid) {
        byte[] b = ssid.getBytes(StandardCharsets.UTF_8);
        if (b.length > 32) {
            throw new IllegalArgumentException("SSID longer than 32 bytes");
        }
        return element(0, b);
    }

    /** Supported rates (1), in units of 500 kb/s, basic rates with 0x80 set; at most 8. */
    public InformationElements supportedRates(int... rates) {
        byte[] b = new byte[rates.length];
        for (int i = 0; i < rates.length; i++) {
            b[i] = (byte) rates[i];
        }
        return element(1, b);
    }

    /** Extended supported rates (50). */
    public InformationElements extendedRates(int... rates) {
        byte[] b = new byte[rates.length];
        for (int i = 0; i < rates.length; i++) {
            b[i] = (byte) rates[i];
        }
        return element(50, b);
    }

    /** HT capabilities (45): 26 bytes. */
    public InformationElements htCapabilities(byte[] body) {
        if (body.length != 26) {
            throw new IllegalArgumentException("HT capabilities are 26 bytes");
        }
        return element(45, body);
    }

    /** Extended capabilities (127). */
    public InformationElements extendedCapabilities(byte[] body) {
        return element(127, body);
    }

    /** Vendor specific (221): a 24-bit OUI, a type octet and the body. */
    public InformationElements vendor(int oui, int type, byte[] body) {
        byte[] b = new byte[4 + body.length];
        b[0] = (byte) (oui >>> 16);
        b[1] = (byte) (oui >>> 8);
        b[2] = (byte) oui;
        b[3] = (byte) type;
        System.arraycopy(body, 0, b, 4, body.length);
        return element(221, b);
    }

    /** Any element; {@code body} at most 255 bytes. */
    public InformationElements element(int id, byte[] body) {
        if (body.length > 255 || id < 0 || id > 255) {
            throw new IllegalArgumentException("element id 0-255 and body up to 255 bytes");
        }
        out.write(id);
        out.write(body.length);
        out.writeBytes(body);
        return this;
    }

    public byte[] build() {
        return out.toByteArray();
    }
}
