// `node --import ./platform/test/record-modules.ts …`: appends the URL of every module the process
// loads (ESM and CommonJS, through Node's synchronous module hooks) to the file named by
// TB_MODULE_RECORD. The processes test uses it to see what the platform process really loads.
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const out = process.env.TB_MODULE_RECORD;
if (out) {
  registerHooks({
    load(url, context, nextLoad) {
      appendFileSync(out, `${url}\n`);
      return nextLoad(url, context);
    },
  });
}
