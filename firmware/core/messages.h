// The JSON a node sends, in the envelopes of docs/twin-contract.md ("Message envelopes").
#pragma once
#include <cstdint>
#include <string>

#include "json.h"

namespace tb {

/** {"ts","seq","sent","fields"}; ts/sent are left out while the wall clock is unknown (epochMs 0). */
Json telemetryMessage(uint64_t seq, uint64_t tsMs, uint64_t sentMs, const Json& fields);
/** Birth: {"online":true,"type","fw_version","ts"?} (retained). */
Json birthMessage(const std::string& type, const std::string& fwVersion, uint64_t tsMs);
/** The last will and a sleeping node's goodbye: {"online":false,"type","fw_version","reason"}. */
Json offlineMessage(const std::string& type, const std::string& fwVersion, const std::string& reason);
/** {"id","status":"delivered"|"succeeded"|"failed","result"?,"error"?,"ts"?}. */
Json commandResponse(const std::string& id, const char* status, const Json& result, const std::string& error,
                     uint64_t tsMs);
/** A shadow update reporting state: {"state":{"reported":{...}},"clientToken"}. */
Json reportedUpdate(const Json& reported, const std::string& clientToken);

}  // namespace tb
