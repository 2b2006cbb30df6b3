/** The page's entry: read the options from the URL, start the viewer, show any start-up failure plainly. */
import { ViewerApp } from './app.ts';
import { configFromUrl } from './config.ts';
import { installHooks } from './test-hooks.ts';

const root = document.getElementById('app') as HTMLElement;
const app = new ViewerApp(root, configFromUrl(location.href));
app
  .start()
  .then(() => installHooks(app))
  .catch((e: unknown) => {
    const box = document.createElement('pre');
    box.className = 'fatal';
    box.textContent = `The viewer could not start: ${(e as Error).message}`;
    root.append(box);
    root.dataset.error = (e as Error).message;
  });
