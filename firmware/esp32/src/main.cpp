// The twinbench node on an ESP32 (Arduino framework): Wi-Fi and the broker from NVS (set them on the
// serial console: set wifi_ssid …, set wifi_password …, set mqtt_url mqtt://host:1883, reboot), then the
// portable core's Node does the rest. Device type and sensors are build flags (platformio.ini).
#include <Arduino.h>
#include <WiFi.h>

#include <memory>

#include "bme280_sensors.h"
#include "esp32_board.h"
#include "esp32_mqtt.h"
#include "node.h"
#include "nvs_storage.h"
#include "serial_console.h"
#include "simulated_sensors.h"

#ifndef TB_RELAY_PIN
#define TB_RELAY_PIN 26
#endif

namespace {

#if defined(TB_DEVICE_TYPE_SMART_BREAKER)
constexpr tb::DeviceKind kKind = tb::DeviceKind::SmartBreaker;
#else
constexpr tb::DeviceKind kKind = tb::DeviceKind::EnvSensor;
#endif

tb::Esp32Clock clock_;
tb::NvsStorage storage_;
tb::SerialConsole console_;
tb::Esp32Restart restart_;
std::unique_ptr<tb::GpioRelay> relay_;
std::unique_ptr<tb::Sensors> sensors_;
std::unique_ptr<tb::Esp32Mqtt> mqtt_;
std::unique_ptr<tb::Node> node_;

/** mqtt://host:port → host, port (1883 by default). */
void splitUrl(const std::string& url, std::string& host, int& port) {
  std::string rest = url.rfind("mqtt://", 0) == 0 ? url.substr(7) : url;
  rest = rest.substr(0, rest.find('/'));
  const size_t colon = rest.rfind(':');
  port = colon == std::string::npos ? 1883 : atoi(rest.c_str() + colon + 1);
  host = rest.substr(0, colon);
}

std::string macId() {
  uint8_t mac[6];
  WiFi.macAddress(mac);
  char id[24];
  snprintf(id, sizeof id, "node-%02x%02x%02x%02x%02x%02x", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
  return id;
}

}  // namespace

void setup() {
  Serial.begin(115200);
  storage_.begin();
  WiFi.mode(WIFI_STA);
  WiFi.setAutoReconnect(true);
  const std::string ssid = storage_.get("wifi_ssid", "");
  if (!ssid.empty()) WiFi.begin(ssid.c_str(), storage_.get("wifi_password", "").c_str());
  configTime(0, 0, "pool.ntp.org", "time.google.com");

  std::string host;
  int port = 1883;
  splitUrl(storage_.get("mqtt_url", ""), host, port);
  mqtt_ = std::make_unique<tb::Esp32Mqtt>(host, port);
  relay_ = std::make_unique<tb::GpioRelay>(TB_RELAY_PIN);
  const uint64_t seed = ESP.getEfuseMac();
#if TB_SIMULATED_SENSORS
  sensors_ = std::make_unique<tb::SimulatedSensors>(clock_, seed);
#else
  auto bme = std::make_unique<tb::Bme280Sensors>(clock_, seed);
  if (!bme->begin()) console_.write("E (0) twinbench: no BME280 at 0x76/0x77: check SDA/SCL wiring\n");
  sensors_ = std::move(bme);
#endif

  tb::NodeOptions options;
  options.deviceId = storage_.get("device_id", macId());
  options.kind = kKind;
  tb::parseDeviceType(storage_.get("type", ""), options.kind);  // `set type …` on the console wins
  options.seed = seed;
  node_ = std::make_unique<tb::Node>(
      tb::NodeHardware{clock_, *mqtt_, *sensors_, *relay_, storage_, console_, restart_}, options);
  node_->begin();
  if (ssid.empty()) console_.write("W (0) twinbench: no Wi-Fi configured: set wifi_ssid NAME, set wifi_password PASS, reboot\n");
  if (host.empty()) console_.write("W (0) twinbench: no broker configured: set mqtt_url mqtt://HOST:1883, reboot\n");
}

void loop() {
  node_->step();
  mqtt_->poll(static_cast<int>(node_->idleMs()));
}
