// The package artillery loads for `config.engines.twinbench` (it requires `artillery-engine-<name>`).
// `twinbench load` puts load/packages on NODE_PATH so artillery's resolver finds it; the file stays
// outside node_modules, where Node strips TypeScript types (it refuses to under node_modules).
export { TwinbenchEngine as default } from '../../engine/twinbench-engine.ts';
