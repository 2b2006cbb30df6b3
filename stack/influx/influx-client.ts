// Moved to runtime/ (the platform process may not load stack/). This keeps stack's own modules working
// until they import '../../runtime/index.ts' themselves; then this file goes.
export { InfluxClient, type InfluxClientOptions, type InfluxSeries } from '../../runtime/index.ts';
