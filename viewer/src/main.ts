/** The page's entry: read the options from the URL, start the viewer, show any start-up failure plainly. */
import { ViewerApp } from './app.ts';
import { configFromUrl } from './config.ts';
import { ViewerError } from './errors.ts';
import { installHooks } from './test-hooks.ts';

/** Where the page keeps its API token for this tab (a reload keeps working, closing the tab forgets it). */
const TOKEN_KEY = 'twinbench.token';

const config = configFromUrl(location.href);
if (config.token) {
  sessionStorage.setItem(TOKEN_KEY, config.token);
  // Off the address bar: a projected demo screen should not show it.
  const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  hash.delete('token');
  history.replaceState(null, '', `${location.pathname}${location.search}${hash.size ? `#${hash}` : ''}`);
}
config.token ??= sessionStorage.getItem(TOKEN_KEY) ?? undefined;

const root = document.getElementById('app') as HTMLElement;
const app = new ViewerApp(root, config);
app
  .start()
  .then(() => installHooks(app))
  .catch((e: unknown) => {
    // The platform wants a token (none given, or revoked): ask for one, then start again.
    if (e instanceof ViewerError && e.statusCode === 401) {
      const token = prompt(
        'This platform needs an API token (a viewer token is enough; `twinbench token create --role viewer`). Paste it here:',
      );
      if (token) {
        sessionStorage.setItem(TOKEN_KEY, token.trim());
        location.reload();
        return;
      }
    }
    const box = document.createElement('pre');
    box.className = 'fatal';
    box.textContent = `The viewer could not start: ${(e as Error).message}`;
    root.append(box);
    root.dataset.error = (e as Error).message;
  });
