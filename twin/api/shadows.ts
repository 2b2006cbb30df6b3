/** Wire types of the platform's shadow routes (the bodies are twin's AWS shadow documents). */
import { Type, type Static } from 'typebox';

/** GET/POST/DELETE /devices/:id/shadow query. */
export const ShadowQuerySchema = Type.Object({
  name: Type.Optional(Type.String({ description: 'named shadow; absent = classic' })),
});
export type ShadowQuery = Static<typeof ShadowQuerySchema>;
