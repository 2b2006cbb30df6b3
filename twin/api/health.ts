/** GET /health: broker and InfluxDB reachability (503 when either is down). */
import { Type, type Static } from 'typebox';

export const HealthSchema = Type.Object({
  status: Type.Enum(['ok', 'degraded']),
  broker: Type.Object({ ok: Type.Boolean() }),
  influx: Type.Object({
    ok: Type.Boolean(),
    version: Type.Optional(Type.String()),
    error: Type.Optional(Type.String()),
  }),
  history: Type.Object({ queued: Type.Number(), written: Type.Number(), dropped: Type.Number() }),
  devices: Type.Object({ registered: Type.Number(), online: Type.Number(), offline: Type.Number() }),
});
export type Health = Static<typeof HealthSchema>;
