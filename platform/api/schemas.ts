import Type from 'typebox';

/**
 * Schemas of the REST API that are the platform's own (the shared wire types — devices, twin views,
 * commands, history, stream, errors — come from twin/). They also make the OpenAPI document at /docs.
 */

export const ShadowQuery = Type.Object({
  name: Type.Optional(Type.String({ description: 'named shadow; absent = classic' })),
});

export const ShadowUpdateBody = Type.Object(
  {
    state: Type.Object({ desired: Type.Optional(Type.Any()), reported: Type.Optional(Type.Any()) }),
    version: Type.Optional(Type.Integer()),
    clientToken: Type.Optional(Type.String()),
  },
  { description: 'An AWS IoT Device Shadow update request' },
);

export const AnyObject = Type.Record(Type.String(), Type.Any());

/** Documents whose shape is defined elsewhere (AWS shadow payloads). */
export const Document = (description: string) => Type.Record(Type.String(), Type.Any(), { description });
