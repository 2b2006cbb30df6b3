// The on-device self-test behind the console's `selftest`, printed the way Unity prints test results:
//   selftest.cpp:NN:storage_roundtrip:PASS
//   selftest.cpp:NN:mqtt_connected:FAIL: not connected to mqtt://… (check mqtt_url and the broker)
//   -----------------------
//   6 Tests 1 Failures 0 Ignored
//   FAIL
#pragma once
#include <string>

#include "clock.h"
#include "console_io.h"
#include "device_model.h"
#include "mqtt.h"
#include "relay.h"
#include "sensors.h"
#include "storage.h"

namespace tb {

struct SelfTestTargets {
  Clock& clock;
  Storage& storage;
  Sensors& sensors;
  Mqtt& mqtt;
  /** Null for types without contacts. */
  Relay* relay;
  DeviceModel& model;
};

struct SelfTestSummary {
  int tests = 0, failures = 0, ignored = 0;
};

SelfTestSummary runSelfTest(const SelfTestTargets& t, ConsoleIo& out);

}  // namespace tb
