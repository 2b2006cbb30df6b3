// The breaker's contacts (ESP32: a GPIO driving the relay/motor operator).
#pragma once

namespace tb {

class Relay {
 public:
  virtual ~Relay() = default;
  virtual void setClosed(bool closed) = 0;
  virtual bool closed() const = 0;
};

}  // namespace tb
