/**
 * The faker a fleet draws its identities and site names from: faker's base locale plus the slice of `en`
 * that faker.location.street() reads (street-locale.ts, generated), in that order, so every draw is what
 * `@faker-js/faker/locale/en` gives. The whole `en` locale (~22,600 strings, ~290 KB of source) would be
 * about 3 MB of every simulator process's memory; this slice is ~4,400 strings.
 */
import type { Faker } from '@faker-js/faker';
import { faker as baseFaker } from '@faker-js/faker/locale/base';
import { STREET_LOCALE } from './street-locale.ts';

// locale/base exports an instance only; its constructor is the Faker class (the package's main entry
// would bring every locale into an unbundled process).
const FakerClass = baseFaker.constructor as typeof Faker;

export const siteFaker: Faker = new FakerClass({ locale: [STREET_LOCALE, baseFaker.rawDefinitions] });
