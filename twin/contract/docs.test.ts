import { describe, expect, it } from 'vitest';
import doc from '../../docs/twin-contract.md?raw';
import { GOLDEN_MANIFEST_VERSION } from './build-contract.ts';
import { MESSAGE_KINDS } from './validate-message.ts';

describe('docs/twin-contract.md', () => {
  it('lists every message kind of the golden manifest and its format version', () => {
    for (const kind of MESSAGE_KINDS) expect(doc, kind).toContain(`\`${kind}\``);
    expect(doc).toContain(`format version ${GOLDEN_MANIFEST_VERSION}`);
  });
});
