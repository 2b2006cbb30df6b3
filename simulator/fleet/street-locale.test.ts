import { en, faker as enFaker } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { siteFaker } from './site-faker.ts';
import { STREET_LOCALE } from './street-locale.ts';
import { streetLocaleOf } from './street-locale-of.ts';

describe('the site faker (street-locale.ts, a slice of faker en)', () => {
  it('holds what the installed faker en holds (else: npx node simulator/scripts/gen-street-locale.ts)', () => {
    expect(STREET_LOCALE).toEqual(streetLocaleOf(en));
  });

  it('draws what faker en draws, for every call a fleet makes', () => {
    for (let seed = 0; seed < 300; seed++) {
      const draw = (f: typeof enFaker): unknown[] => {
        f.seed(seed);
        return [
          f.location.street(),
          f.location.street(),
          f.helpers.arrayElement(['a', 'b', 'c']),
          f.number.int({ min: 21, max: 25 }),
          f.number.float({ min: 0, max: 1 }),
          f.string.numeric(7),
          f.internet.mac(),
          f.datatype.boolean(),
        ];
      };
      expect(draw(siteFaker)).toEqual(draw(enFaker));
    }
  });
});
