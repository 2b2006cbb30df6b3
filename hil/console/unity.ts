/**
 * Unity (ThrowTheSwitch) test output, as ESP-IDF's test apps print it:
 *
 *   /src/test_led.c:12:test_led_on:PASS
 *   /src/test_led.c:20:test_led_off:FAIL: Expected 1 Was 0
 *   /src/test_led.c:31:test_blink:IGNORE
 *   -----------------------
 *   3 Tests 1 Failures 1 Ignored
 *   FAIL
 */
export type UnityStatus = 'PASS' | 'FAIL' | 'IGNORE';

export interface UnityCase {
  file: string;
  line: number;
  name: string;
  status: UnityStatus;
  message?: string;
}

export interface UnityResult {
  cases: UnityCase[];
  /** From the summary line. */
  tests: number;
  failures: number;
  ignored: number;
  /** The closing `OK`/`FAIL`, else derived from the failures count. */
  ok: boolean;
}

const CASE = /^(.+?):(\d+):(.+?):(PASS|FAIL|IGNORE)(?::\s?(.*))?$/;
/** The summary line that ends a run; `expectUnity` waits for it. */
export const UNITY_SUMMARY = /(\d+) Tests (\d+) Failures (\d+) Ignored[ \t]*\r?\n(?:[ \t]*\r?\n)*(OK|FAIL)\b/;

/** Parses the text of one run (everything up to and including the summary). */
export function parseUnity(text: string): UnityResult {
  const cases: UnityCase[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const m = CASE.exec(raw.trim());
    if (!m) continue;
    cases.push({
      file: m[1]!,
      line: Number(m[2]),
      name: m[3]!,
      status: m[4] as UnityStatus,
      ...(m[5] ? { message: m[5] } : {}),
    });
  }
  const summary = UNITY_SUMMARY.exec(text);
  const tests = summary ? Number(summary[1]) : cases.length;
  const failures = summary ? Number(summary[2]) : cases.filter((c) => c.status === 'FAIL').length;
  const ignored = summary ? Number(summary[3]) : cases.filter((c) => c.status === 'IGNORE').length;
  return { cases, tests, failures, ignored, ok: summary?.[4] ? summary[4] === 'OK' : failures === 0 };
}
