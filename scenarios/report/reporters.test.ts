import { describe, expect, it } from 'vitest';
import { consoleReporter } from './console.ts';
import { htmlReport } from './html.ts';
import { junitXml } from './junit.ts';
import { sampleSuite, xmlProblems } from './sample-result.test-helper.ts';
import { valueChart } from './svg.ts';

describe('JUnit XML', () => {
  const xml = junitXml(sampleSuite(), '/repo');

  it('is well-formed, with everything escaped', () => {
    expect(xmlProblems(xml)).toEqual([]);
    expect(xmlProblems('<a><b></a></b>')).not.toEqual([]);
  });

  it('has one testcase per scenario with its time, failure text and logs, and the invalid file as an error', () => {
    expect(xml).toContain(
      '<testsuites name="twinbench scenarios" tests="3" failures="1" errors="1" skipped="0" time="12.345"',
    );
    expect(xml).toContain(
      '<testcase classname="scenarios/library/ok.yaml" name="a passing scenario" time="2.000"',
    );
    expect(xml).toContain('name="breaker trips &lt;fast&gt; &amp; &quot;loud&quot;" time="5.000"');
    expect(xml).toContain(
      '<failure message="eventually twin … (within 2s)" type="TB_ERR_SCENARIOS_EXPECTATION_FAILED">',
    );
    expect(xml).toContain('not true after 2s: actual &quot;closed&quot;');
    expect(xml).toContain('<system-err>--- platform log ---');
    expect(xml).toContain(
      '<error message="bad.yaml:3:9: expected a duration, got &quot;soon&quot;" type="TB_ERR_SCENARIOS_SCHEMA">',
    );
  });
});

describe('the HTML report', () => {
  const html = htmlReport(sampleSuite(), '/repo');

  it('is self-contained: no scripts, stylesheets, images or fonts from elsewhere', () => {
    expect(html).not.toMatch(
      /<script|<link|<img|<iframe|@import|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/,
    );
    expect(html.startsWith('<!doctype html>')).toBe(true);
  });

  it('shows a timeline, a chart per expectation (and the data behind a history), failures and logs', () => {
    expect(html.match(/<svg /g)?.length).toBe(5); // 2 timelines, 2 expectation charts, 1 history series
    expect(html).toContain('not true after 2s: actual &quot;closed&quot;');
    expect(html).toContain('Platform log (1 lines)');
    expect(html).toContain('&lt;warn&gt; &amp; co');
    expect(html).not.toContain('<warn>');
    expect(html).toContain('<details class="sc" id="bad &lt;&amp;&gt; &quot;x&quot;" open>');
  });

  it('draws numbers as a line and states as lanes', () => {
    const numbers = valueChart({
      points: [
        { t: 0, v: 1 },
        { t: 1, v: 3 },
      ],
      t0: 0,
      t1: 1,
      title: 'n',
    });
    expect(numbers).toContain('<polyline');
    const states = valueChart({
      points: [
        { t: 0, v: 'closed', ok: false },
        { t: 1, v: 'tripped', ok: true },
      ],
      t0: 0,
      t1: 1,
      title: 's',
    });
    expect(states).toContain('>closed</text>');
    expect(states).toContain('>tripped</text>');
    expect(states).toContain('fill="#1a7f37"');
  });
});

describe('the console reporter', () => {
  it('prints each scenario, failures in full, and a summary', () => {
    let out = '';
    const r = consoleReporter({ write: (t) => (out += t) });
    const suite = sampleSuite();
    for (const s of suite.scenarios) r.onEvent?.({ type: 'scenario-end', result: s });
    r.onEvent?.({ type: 'suite-end', result: suite });
    expect(out).toContain('✓ a passing scenario (2s)');
    expect(out).toContain('✗ breaker trips <fast> & "loud" (5s) FAILED\n    eventually twin … (within 2s)');
    expect(out).toContain('1 passed, 1 failed, 0 error(s), 1 invalid file(s) in 12.35s');
  });
});
