package io.footfall.hal.wifi.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.footfall.hal.wifi.ProbeRequest;
import io.footfall.hal.wifi.ProbeListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private static final byte[] PHONE_A = InformationElements.builder().ssid("home").supportedRates(0x82, 0x84, 0x8b, 0x96)
            .htCapabilities(new byte[26]).vendor(0x0050f2, 8, new byte[] {0, 0x10, 0}).build();
    private static final byte[] PHONE_A_OTHER_SSID_AND_WPS_BODY = InformationElements.builder().ssid("kortrijk-free-wifi")
            .supportedRates(0x82, 0x84, 0x8b, 0x96).element(3, new byte[] {11}).htCapabilities(new byte[26])
            .vendor(0x0050f2, 8, new byte[] {1, 2, 3, 4, 5}).build();
    private static final byte[] PHONE_B = InformationElements.builder().ssid("home").supportedRates(0x82, 0x84, 0x8b, 0x96, 0x0c)
            .htCapabilities(new byte[26]).vendor(0x0050f2, 8, new byte[] {0, 0x10, 0}).build();

    @Test
    void the_fingerprint_ignores_ssid_channel_and_vendor_bodies_but_not_rates_or_capabilities() {
        long a = FrameDecoder.fingerprint(PHONE_A, 0, PHONE_A.length);
        assertNotEquals(0, a);
        assertEquals(a, FrameDecoder.fingerprint(PHONE_A_OTHER_SSID_AND_WPS_BODY, 0, PHONE_A_OTHER_SSID_AND_WPS_BODY.length));
        assertNotEquals(a, FrameDecoder.fingerprint(PHONE_B, 0, PHONE_B.length));
    }

    @Test
    void a_probe_with_only_an_ssid_has_no_fingerprint_and_a_cut_element_ends_the_walk() {
        byte[] ssidOnly = InformationElements.builder().ssid("x").build();
        assertEquals(0, FrameDecoder.fingerprint(ssidOnly, 0, ssidOnly.length));
        long whole = FrameDecoder.fingerprint(PHONE_A, 0, PHONE_A.length);
        assertNotEquals(whole, FrameDecoder.fingerprint(PHONE_A, 0, PHONE_A.length - 1));
    }

    @Test
    void every_radiotap_shape_yields_the_same_signal_sequence_retry_and_fingerprint() {
        List<ProbeRequest> got = new ArrayList<>();
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        int n = 0;
        try (PcapWriter w = new PcapWriter(bos)) {
            for (boolean tsft : new boolean[] {false, true}) {
                for (boolean channel : new boolean[] {false, true}) {
                    for (int words = 0; words <= 2; words++) {
                        for (int vendor = 0; vendor <= 3; vendor++) {
                            for (boolean fcs : new boolean[] {false, true}) {
                                w.writeProbe(n, new PcapWriter.ProbeFrame(0xda_12_34_56_78_9aL, 1234, true, PHONE_A),
                                        new PcapWriter.Radio(-67, fcs, fcs, tsft, channel, words, vendor));
                                n++;
                            }
                        }
                    }
                }
            }
        }
        PcapReader r = PcapReader.open(new ByteArrayInputStream(bos.toByteArray()));
        r.readAll(ProbeSink.forwardingTo((ProbeListener) got::add));
        assertEquals(n, got.size());
        long fp = FrameDecoder.fingerprint(PHONE_A, 0, PHONE_A.length);
        for (int i = 0; i < n; i++) {
            ProbeRequest p = got.get(i);
            assertEquals(0xda_12_34_56_78_9aL, p.source());
            assertEquals(-67, p.rssiDbm());
            assertEquals(1234, p.seqNo());
            assertEquals(fp, p.ieFingerprint(), "FCS never leaks into the elements");
            assertEquals(true, p.retry());
            assertEquals(true, p.locallyAdministered());
        }
    }

    @Test
    void the_tcpdump_sample_with_89_byte_headers_and_chained_bitmaps_gives_tsharks_signal_and_sequence() throws Exception {
        java.nio.file.Path f = RealCapturesTest.pcaps().resolve("ieee802.11_exthdr.pcap");
        List<ProbeRequest> got = new ArrayList<>();
        PcapReader.open(java.nio.file.Files.newInputStream(f)).readAll(ProbeSink.forwardingTo((ProbeListener) got::add));
        Tshark.assumeInstalled("tshark");
        List<String> ref = Tshark.run(List.of("tshark", "-r", f.toString(), "-Y", "wlan.fc.type_subtype==4", "-T", "fields",
                "-e", "radiotap.dbm_antsignal", "-e", "wlan.seq"));
        assertEquals(ref.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            String[] f2 = ref.get(i).split("\t");
            assertEquals(Integer.parseInt(f2[0].split(",")[0]), got.get(i).rssiDbm(), "signal of probe " + i);
            assertEquals(Integer.parseInt(f2[1]), got.get(i).seqNo(), "sequence number of probe " + i);
        }
    }
}
