/**
 * What `expect` waits for, as strategy objects (one class per kind, as testcontainers' wait
 * strategies): a plain string, a regular expression, any of a list, all of a list. Each finds its
 * match in the unconsumed console text and says where it ends, which is what the console consumes.
 */
export interface ConsoleMatch {
  /** The matched text (for `all`, the text from the first match's start to the last one's end). */
  text: string;
  /** Capture groups of a regular expression match (index 0 excluded), else []. */
  groups: (string | undefined)[];
  /** Named capture groups, if any. */
  named: Record<string, string>;
  /** Offsets in the unconsumed text. */
  start: number;
  end: number;
  /** Which pattern of a list matched (0 for a single pattern). */
  index: number;
}

export interface ConsolePattern {
  /** How the pattern reads in messages: `"ready"`, `/boot: .*done/`, `any of […]`. */
  readonly label: string;
  /** The earliest match in `text`, or undefined. */
  find(text: string): ConsoleMatch | undefined;
}

export type PatternInput = string | RegExp | readonly (string | RegExp)[];

export class TextPattern implements ConsolePattern {
  readonly label: string;
  private readonly text: string;
  constructor(text: string) {
    this.text = text;
    this.label = JSON.stringify(text);
  }
  find(haystack: string): ConsoleMatch | undefined {
    const start = haystack.indexOf(this.text);
    if (start === -1) return undefined;
    return { text: this.text, groups: [], named: {}, start, end: start + this.text.length, index: 0 };
  }
}

export class RegexPattern implements ConsolePattern {
  readonly label: string;
  private readonly re: RegExp;
  constructor(re: RegExp) {
    // `g` and `y` would make the pattern stateful (lastIndex) between calls: drop them.
    this.re = new RegExp(re.source, re.flags.replace(/[gy]/g, ''));
    this.label = String(this.re);
  }
  find(haystack: string): ConsoleMatch | undefined {
    const m = this.re.exec(haystack);
    if (!m) return undefined;
    return {
      text: m[0],
      groups: m.slice(1),
      named: { ...(m.groups as Record<string, string> | undefined) },
      start: m.index,
      end: m.index + m[0].length,
      index: 0,
    };
  }
}

/** The earliest match of any of the patterns (ties: the first in the list). */
export class AnyPattern implements ConsolePattern {
  readonly label: string;
  private readonly patterns: readonly ConsolePattern[];
  constructor(patterns: readonly ConsolePattern[]) {
    this.patterns = patterns;
    this.label = `any of [${patterns.map((p) => p.label).join(', ')}]`;
  }
  find(haystack: string): ConsoleMatch | undefined {
    let best: ConsoleMatch | undefined;
    this.patterns.forEach((p, index) => {
      const m = p.find(haystack);
      if (m && (!best || m.start < best.start)) best = { ...m, index };
    });
    return best;
  }
}

/** Every pattern, in any order; the match ends where the last of them ends. */
export class AllPattern implements ConsolePattern {
  readonly label: string;
  private readonly patterns: readonly ConsolePattern[];
  constructor(patterns: readonly ConsolePattern[]) {
    this.patterns = patterns;
    this.label = `all of [${patterns.map((p) => p.label).join(', ')}]`;
  }
  find(haystack: string): ConsoleMatch | undefined {
    const found = this.patterns.map((p) => p.find(haystack));
    if (found.some((m) => !m)) return undefined;
    const ms = found as ConsoleMatch[];
    const start = Math.min(...ms.map((m) => m.start));
    const end = Math.max(...ms.map((m) => m.end));
    return {
      text: haystack.slice(start, end),
      groups: ms.flatMap((m) => m.groups),
      named: Object.assign({}, ...ms.map((m) => m.named)),
      start,
      end,
      index: ms.length - 1,
    };
  }
}

/** The facade: a string, a RegExp or a list (any of it, or all of it with `all`). */
export function patternOf(
  input: PatternInput | ConsolePattern,
  options: { all?: boolean } = {},
): ConsolePattern {
  if (typeof input === 'string') return new TextPattern(input);
  if (input instanceof RegExp) return new RegexPattern(input);
  if (Array.isArray(input)) {
    const parts = (input as readonly (string | RegExp)[]).map((p) => patternOf(p));
    return options.all ? new AllPattern(parts) : new AnyPattern(parts);
  }
  return input as ConsolePattern;
}

/**
 * YAML-side spelling: `/…/flags` is a regular expression, anything else a plain string (a string
 * that must start and end with `/` literally: use a regex).
 */
export function patternFromText(text: string): string | RegExp {
  const m = /^\/(.+)\/([dimsu]*)$/s.exec(text);
  return m ? new RegExp(m[1]!, m[2]) : text;
}
