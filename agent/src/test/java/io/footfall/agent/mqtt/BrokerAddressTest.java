package io.footfall.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.footfall.hal.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrokerAddressTest {
    @Test
    void each_scheme_has_one_default_port_and_paho_gets_tcp_or_ssl() {
        assertEquals("tcp://broker.city:1883", BrokerAddress.parse("tcp://broker.city").pahoUri());
        assertEquals("tcp://broker.city:1883", BrokerAddress.parse("mqtt://broker.city").pahoUri());
        assertEquals("ssl://broker.city:8883", BrokerAddress.parse("ssl://broker.city").pahoUri());
        assertEquals("ssl://broker.city:8883", BrokerAddress.parse("MQTTS://broker.city/").pahoUri());
        assertEquals(new BrokerAddress(true, "10.0.0.5", 9883), BrokerAddress.parse("mqtts://10.0.0.5:9883"));
        assertEquals("[::1]:1883", BrokerAddress.parse("tcp://[::1]").hostAndPort());
    }

    @Test
    void the_default_broker_is_the_nodes_own_and_parses() {
        assertEquals(new BrokerAddress(false, "127.0.0.1", 1883), BrokerAddress.parse(BrokerAddress.DEFAULT));
    }

    @Test
    void every_other_form_is_refused_naming_the_key_broker() {
        for (String bad : List.of("http://x", "x:1883", "tcp://", "tcp://h:0", "tcp://h:65536", "tcp://h:99999", "tcp://user:pw@h",
                "tcp://h/path", "tcp://h?q=1", "tcp://h#f", "tcp://h 1", "")) {
            ConfigException e = assertThrows(ConfigException.class, () -> BrokerAddress.parse(bad), bad);
            assertEquals("broker", e.key(), bad);
        }
    }

    @Test
    void settings_the_node_and_the_receiver_build_use_the_same_parser() {
        assertEquals("ssl://h:8883", MqttSettings.of("mqtts://h", "c").pahoUri());
        assertEquals("broker", assertThrows(ConfigException.class, () -> MqttSettings.of("tcp://h/x", "c")).key());
    }
}
