// The breaker's contacts on the host: a bit (the console and telemetry show it).
#pragma once
#include "../core/relay.h"

namespace tb {

class MemoryRelay : public Relay {
 public:
  void setClosed(bool closed) override { closed_ = closed; }
  bool closed() const override { return closed_; }

 private:
  bool closed_ = false;
};

}  // namespace tb
