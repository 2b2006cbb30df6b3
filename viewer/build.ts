// `npm run build:viewer`: bundles the viewer into viewer/dist/ (served by the platform at /viewer/).
import { buildViewer } from './build-viewer.ts';

const built = await buildViewer();
const sizes = Object.entries(built.bytes)
  .filter(([f]) => !f.endsWith('.map'))
  .map(([f, b]) => `${f} ${(b / 1024).toFixed(0)} KB`)
  .join(', ');
console.log(`viewer built in ${built.ms} ms → ${built.outdir} (${sizes})`);
