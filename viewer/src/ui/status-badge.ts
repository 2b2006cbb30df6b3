/** The stream's state in the header: live, connecting, or stale since a time (and what that means). */
import type { StreamStatus } from '../api/stream-client.ts';
import { h } from './dom.ts';

export class StatusBadge {
  readonly el = h(
    'span',
    { class: 'status connecting', role: 'status', 'aria-live': 'polite' },
    'connecting…',
  );

  set(status: StreamStatus | 'replay', since?: number, replayAt?: number): void {
    this.el.className = `status ${status}`;
    this.el.dataset.status = status;
    this.el.textContent =
      status === 'live'
        ? '● live'
        : status === 'connecting'
          ? 'connecting…'
          : status === 'replay'
            ? `replay ${replayAt ? new Date(replayAt).toLocaleString() : ''}`
            : `stale since ${since ? new Date(since).toLocaleTimeString() : '?'}: reconnecting (colours may be out of date)`;
  }
}
