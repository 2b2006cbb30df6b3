#include <gtest/gtest.h>

#include <set>

#include "../core/backoff.h"

using tb::Backoff;
using tb::BackoffOptions;
using tb::Random;

TEST(Backoff, CeilingsDoubleFromInitialUpToMax) {
  Random r(1);
  Backoff b({1000, 30000}, r);
  EXPECT_EQ(b.ceilingMs(1), 1000u);
  EXPECT_EQ(b.ceilingMs(2), 2000u);
  EXPECT_EQ(b.ceilingMs(5), 16000u);
  EXPECT_EQ(b.ceilingMs(6), 30000u);
  EXPECT_EQ(b.ceilingMs(40), 30000u);
}

TEST(Backoff, EachWaitIsBetweenHalfAndAllOfItsCeiling) {
  Random r(7);
  Backoff b({1000, 30000}, r);
  for (uint32_t attempt = 1; attempt <= 12; attempt++) {
    const uint32_t wait = b.next();
    const uint32_t ceiling = b.ceilingMs(attempt);
    EXPECT_GE(wait, ceiling / 2) << "attempt " << attempt;
    EXPECT_LE(wait, ceiling) << "attempt " << attempt;
  }
  EXPECT_EQ(b.attempts(), 12u);
}

TEST(Backoff, ResetStartsAgainFromTheFirstWait) {
  Random r(3);
  Backoff b({1000, 30000}, r);
  for (int i = 0; i < 6; i++) b.next();
  b.reset();
  EXPECT_LE(b.next(), 1000u);
}

TEST(Backoff, JitterSpreadsAFleetThatLostItsBroker) {
  std::set<uint32_t> firstWaits;
  for (int device = 0; device < 100; device++) {
    Random r(Random::seedFrom("node-" + std::to_string(device)));
    Backoff b({1000, 30000}, r);
    b.next();
    b.next();
    firstWaits.insert(b.next());  // third attempt: 2000..4000 ms
  }
  EXPECT_GT(firstWaits.size(), 90u) << "devices would reconnect in lockstep";
}
