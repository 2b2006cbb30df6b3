// The firmware against twin/'s published contract (twin/json: JSON Schemas and golden messages), so
// firmware and platform cannot drift: the golden commands and deltas go into the core, and everything
// the core sends must validate against the schemas.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "fakes.h"
#include "json_schema.h"

using namespace tb;
using namespace tb::test;

namespace {

const std::string kDir = TB_TWIN_JSON_DIR;

std::string readText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Json readJson(const std::string& rel) {
  const Json j = Json::parse(readText(kDir + "/" + rel), nullptr, false);
  if (j.is_discarded()) ADD_FAILURE() << kDir << "/" << rel << " is missing or not JSON (regenerate twin/json)";
  return j;
}

struct Case {
  std::string file, kind, deviceType, schema;
  bool valid;
  std::string payload;
};

std::vector<Case> cases(const std::string& kind) {
  std::vector<Case> out;
  const Json manifest = readJson("golden/manifest.json");
  for (const auto& c : manifest.value("cases", Json::array())) {
    if (c.value("kind", "") != kind) continue;
    out.push_back({c["file"], kind, c.value("deviceType", ""), c.value("schema", ""), c["valid"],
                   readText(kDir + "/golden/" + c["file"].get<std::string>())});
  }
  return out;
}

DeviceKind kindOf(const std::string& type) {
  DeviceKind k = DeviceKind::EnvSensor;
  parseDeviceType(type, k);
  return k;
}

void expectValid(const std::string& schemaFile, const Json& value, const std::string& what) {
  const SchemaCheck r = checkSchema(readJson("schemas/" + schemaFile), value);
  EXPECT_TRUE(r.ok()) << what << " does not validate against " << schemaFile << ": " << r.describe() << "\n"
                      << value.dump();
}

/** The desired properties among a reported state, for the desired.<type> schema. */
Json desiredPart(const Json& reported, DeviceKind kind) {
  Json out = Json::object();
  for (const char* key : {"interval_s", "deep_sleep", "closed"})
    if (reported.contains(key) && (std::string(key) != "closed" || kind == DeviceKind::SmartBreaker) &&
        (std::string(key) != "deep_sleep" || kind == DeviceKind::EnvSensor))
      out[key] = reported[key];
  return out;
}

class Golden : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::ifstream(kDir + "/golden/manifest.json"))
      GTEST_SKIP() << "twin/json not found at " << kDir << ": generate it (npm run contract) to run these";
  }
};

}  // namespace

TEST_F(Golden, TheSchemaCheckerAgreesWithEveryGoldenCaseTheFirmwareSpeaks) {
  int checked = 0;
  for (const char* kind : {"telemetry", "status", "event", "command", "commandResponse", "desired", "shadowUpdate",
                           "shadowDelta"}) {
    for (const auto& c : cases(kind)) {
      const Json payload = Json::parse(c.payload, nullptr, false);
      bool valid = false;
      std::string why;
      if (!payload.is_discarded()) {
        SchemaCheck r = checkSchema(readJson(c.schema), payload);
        // The request schema leaves desired open; the device type's desired schema closes it.
        if (kind == std::string("shadowUpdate") && !c.deviceType.empty() && payload.contains("state") &&
            payload["state"].is_object() && payload["state"].contains("desired") &&
            payload["state"]["desired"].is_object()) {
          const SchemaCheck d =
              checkSchema(readJson("schemas/desired." + c.deviceType + ".schema.json"), payload["state"]["desired"]);
          r.errors.insert(r.errors.end(), d.errors.begin(), d.errors.end());
        }
        EXPECT_TRUE(r.unknownKeywords.empty()) << c.file << ": " << r.describe();
        valid = r.errors.empty();
        why = r.describe();
      } else if (c.kind == "status" && c.payload.find_first_not_of(" \n") != std::string::npos &&
                 c.payload.substr(0, c.payload.find_last_not_of(" \n") + 1) == "offline") {
        valid = true;  // the bare word some firmwares publish as a will; the platform accepts it
      }
      EXPECT_EQ(valid, c.valid) << c.file << (c.valid ? " should validate: " + why : " should be refused");
      checked++;
    }
  }
  EXPECT_GT(checked, 20) << "the manifest lost its cases?";
}

TEST_F(Golden, ValidGoldenCommandsSucceedAndTheAnswersValidate) {
  int ran = 0;
  for (const auto& c : cases("command")) {
    if (!c.valid) continue;
    Rig rig(kindOf(c.deviceType), "dev-1");
    rig.online();
    rig.mqtt.deliver("tb/v1/dev-1/commands", c.payload);
    const auto r = rig.mqtt.on("tb/v1/dev-1/commands/response");
    ASSERT_EQ(r.size(), 2u) << c.file;
    EXPECT_EQ(r[0].json()["status"], "delivered") << c.file;
    EXPECT_EQ(r[1].json()["status"], "succeeded") << c.file << ": " << r[1].payload;
    for (const auto& m : r) expectValid("command-response.schema.json", m.json(), c.file + " response");
    ran++;
  }
  EXPECT_GE(ran, 2);
}

TEST_F(Golden, InvalidGoldenCommandsAreRefusedWithAValidAnswer) {
  int ran = 0;
  for (const auto& c : cases("command")) {
    if (c.valid) continue;
    Rig rig(kindOf(c.deviceType), "dev-1");
    rig.online();
    rig.mqtt.deliver("tb/v1/dev-1/commands", c.payload);
    const auto r = rig.mqtt.on("tb/v1/dev-1/commands/response");
    const Json payload = Json::parse(c.payload, nullptr, false);
    if (!payload.is_object() || !payload.contains("id")) {
      EXPECT_TRUE(r.empty()) << c.file << ": nothing to answer without an id";
    } else {
      ASSERT_FALSE(r.empty()) << c.file;
      EXPECT_EQ(r.back().json()["status"], "failed") << c.file << ": " << r.back().payload;
      EXPECT_FALSE(r.back().json().value("error", "").empty()) << c.file;
    }
    for (const auto& m : r) expectValid("command-response.schema.json", m.json(), c.file + " response");
    ran++;
  }
  EXPECT_GE(ran, 2);
}

TEST_F(Golden, GoldenDeltasAndDesiredStatesAreAppliedAndReportedWithinTheContract) {
  int ran = 0;
  auto feed = [&](DeviceKind kind, const Json& state, const std::string& what, bool expectApplied) {
    Rig rig(kind, "dev-1");
    rig.online();
    rig.mqtt.deliver("$aws/things/dev-1/shadow/update/delta",
                     Json{{"state", state}, {"version", 2}, {"timestamp", 1767225600}});
    const auto updates = rig.mqtt.on("$aws/things/dev-1/shadow/update");
    ASSERT_FALSE(updates.empty()) << what;
    for (const auto& u : updates) {
      expectValid("shadow-update-request.schema.json", u.json(), what + " report");
      const Json reported = u.json()["state"]["reported"];
      expectValid("desired." + std::string(deviceTypeName(kind)) + ".schema.json", desiredPart(reported, kind),
                  what + " reported desired properties");
    }
    if (expectApplied && state.contains("interval_s") && state["interval_s"].is_number())
      EXPECT_EQ(updates.back().json()["state"]["reported"]["interval_s"], state["interval_s"]) << what;
    ran++;
  };
  for (const auto& c : cases("shadowDelta"))
    if (c.valid) feed(DeviceKind::EnvSensor, Json::parse(c.payload)["state"], c.file, true);
  for (const auto& c : cases("desired")) {
    if (c.deviceType == "camera") continue;  // not a firmware type
    feed(kindOf(c.deviceType), Json::parse(c.payload), c.file, c.valid);
  }
  EXPECT_GE(ran, 2);
}

TEST_F(Golden, EverythingTheNodeSendsValidates) {
  for (DeviceKind kind : {DeviceKind::EnvSensor, DeviceKind::SmartBreaker}) {
    const std::string type = deviceTypeName(kind);
    Rig rig(kind, "dev-1", 1);
    rig.online();
    rig.run(60000, 100);
    rig.command("c1", kind == DeviceKind::SmartBreaker ? "open" : "identify",
                kind == DeviceKind::SmartBreaker ? Json::object() : Json{{"duration_s", 2}});
    rig.command("c2", "nonsense");
    if (kind == DeviceKind::SmartBreaker) {
      rig.command("c3", "close");
      rig.sensors.setGroundFaultMa(50);
      rig.run(200, 100);
    }
    rig.mqtt.deliver("$aws/things/dev-1/shadow/update/delta", Json{{"state", {{"interval_s", 5}}}, {"version", 2}});

    int telemetry = 0;
    for (const auto& p : rig.mqtt.published) {
      const Json j = p.json();
      ASSERT_FALSE(j.is_discarded()) << p.topic << ": not JSON: " << p.payload;
      if (p.topic == "tb/v1/dev-1/telemetry") {
        expectValid("telemetry." + type + ".schema.json", j, type + " telemetry");
        telemetry++;
      } else if (p.topic == "tb/v1/dev-1/status") {
        expectValid("status.schema.json", j, type + " status");
      } else if (p.topic == "tb/v1/dev-1/commands/response") {
        expectValid("command-response.schema.json", j, type + " command response");
      } else if (p.topic == "tb/v1/dev-1/events") {
        expectValid("event.schema.json", j, type + " event");
        expectValid("event-details.trip.schema.json", j, type + " trip event");
      } else if (p.topic == "$aws/things/dev-1/shadow/update") {
        expectValid("shadow-update-request.schema.json", j, type + " shadow report");
        expectValid("desired." + type + ".schema.json", desiredPart(j["state"]["reported"], kind),
                    type + " reported desired properties");
      }
    }
    EXPECT_GE(telemetry, 60) << type;
    expectValid("status.schema.json", Json::parse(rig.mqtt.lastOptions.will.payload), type + " last will");
    if (kind == DeviceKind::SmartBreaker) EXPECT_EQ(rig.mqtt.on("tb/v1/dev-1/events").size(), 1u);
  }
}
