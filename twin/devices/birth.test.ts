import { describe, expect, it } from 'vitest';
import { birthDetails } from './birth.ts';

describe('birth details', () => {
  it('keeps well-formed name, tags and location', () => {
    expect(
      birthDetails({
        online: true,
        name: 'Panel A',
        tags: { floor: '2', bad: 3 },
        location: { site: 's', x: 1.5, y: 'no', extra: 1 },
      }),
    ).toEqual({ name: 'Panel A', tags: { floor: '2' }, location: { site: 's', x: 1.5 } });
  });

  it('leaves malformed details out instead of refusing the status', () => {
    expect(birthDetails({ online: true, name: '', tags: ['a'], location: { x: Infinity } })).toEqual({});
    expect(birthDetails('online')).toEqual({});
  });
});
