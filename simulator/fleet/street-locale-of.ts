import type { LocaleDefinition } from '@faker-js/faker';

/**
 * The definitions faker.location.street() reads, taken from a locale: the street patterns and what they
 * name (first names of either sex, last names and their pattern, street names and suffixes).
 */
export function streetLocaleOf(locale: LocaleDefinition): LocaleDefinition {
  const { location, person } = locale;
  return {
    location: {
      street_pattern: location?.street_pattern,
      street_name: location?.street_name,
      street_suffix: location?.street_suffix,
    },
    person: {
      first_name: person?.first_name,
      last_name: person?.last_name,
      last_name_pattern: person?.last_name_pattern,
    },
  } as LocaleDefinition;
}
