#include "selftest.h"

#include "smart_breaker.h"

namespace tb {

namespace {

class Reporter {
 public:
  Reporter(ConsoleIo& out) : out_(out) {}
  void pass(int line, const char* name) { emit(line, name, "PASS"); }
  void fail(int line, const char* name, const std::string& why) {
    summary.failures++;
    emit(line, name, "FAIL: " + why);
  }
  void ignore(int line, const char* name, const std::string& why) {
    summary.ignored++;
    emit(line, name, "IGNORE: " + why);
  }
  void check(int line, const char* name, bool ok, const std::string& why) {
    if (ok) pass(line, name);
    else fail(line, name, why);
  }
  void finish() {
    out_.write("\n-----------------------\n");
    out_.write(std::to_string(summary.tests) + " Tests " + std::to_string(summary.failures) + " Failures " +
               std::to_string(summary.ignored) + " Ignored\n");
    out_.write(summary.failures == 0 ? "OK\n" : "FAIL\n");
  }
  SelfTestSummary summary;

 private:
  void emit(int line, const char* name, const std::string& result) {
    summary.tests++;
    out_.write(std::string("selftest.cpp:") + std::to_string(line) + ":" + name + ":" + result + "\n");
  }
  ConsoleIo& out_;
};

bool inRange(double v, double lo, double hi) { return v >= lo && v <= hi; }

}  // namespace

SelfTestSummary runSelfTest(const SelfTestTargets& t, ConsoleIo& out) {
  Reporter r(out);

  const std::string probe = std::to_string(t.clock.monoMs());
  const bool wrote = t.storage.set("selftest_probe", probe);
  r.check(__LINE__, "storage_roundtrip", wrote && t.storage.get("selftest_probe", "") == probe,
          wrote ? "read back a different value: storage is corrupt, erase it" : "write refused: storage full or worn");

  const uint64_t a = t.clock.monoMs(), b = t.clock.monoMs();
  r.check(__LINE__, "clock_monotonic", b >= a, "monotonic clock went back");

  if (t.model.kind() == DeviceKind::EnvSensor) {
    EnvReading e;
    const bool ok = t.sensors.readEnv(e);
    r.check(__LINE__, "sensor_answers", ok, "the climate sensor did not answer: check its I2C wiring and address");
    r.check(__LINE__, "sensor_in_range",
            ok && inRange(e.temperature, -40, 85) && inRange(e.humidity, 0, 100) && inRange(e.pressure, 300, 1100),
            "a reading is outside the sensor's range (temperature -40..85, humidity 0..100, pressure 300..1100)");
    r.ignore(__LINE__, "relay_matches_state", "env_sensor has no relay");
  } else {
    MeterReading m;
    const bool ok = t.sensors.readMeter(m);
    r.check(__LINE__, "sensor_answers", ok, "the metering chip did not answer: check its SPI/UART wiring");
    r.check(__LINE__, "sensor_in_range", ok && inRange(m.frequency, 40, 70) && inRange(m.voltageAN, 0, 480),
            "line frequency or voltage outside 40..70 Hz / 0..480 V");
    const auto& breaker = static_cast<const SmartBreaker&>(t.model);
    const bool wantClosed = breaker.state() == BreakerState::Closed;
    r.check(__LINE__, "relay_matches_state", t.relay && t.relay->closed() == wantClosed,
            std::string("relay is ") + (t.relay && t.relay->closed() ? "closed" : "open") + " but the breaker is " +
                breakerStateName(breaker.state()));
  }

  r.check(__LINE__, "mqtt_connected", t.mqtt.connected(),
          "not connected to the broker: check mqtt_url (get mqtt_url) and that the broker runs");
  r.finish();
  return r.summary;
}

}  // namespace tb
