/** The connection state shown in the popup's header, from what the popup can observe. */
import type { OutboxItem } from '../core/types';

export type ConnectionState = 'online' | 'offline' | 'unreachable';

/**
 * offline when the browser says so; unreachable when it says online but the most recent attempt
 * of any waiting item never got an answer (network error); online otherwise.
 */
export function connectionState(online: boolean, pending: readonly OutboxItem[]): ConnectionState {
  if (!online) return 'offline';
  let latest: OutboxItem['lastError'];
  for (const item of pending) {
    const error = item.lastError;
    if (item.status !== 'pending' || !error || error.kind === 'interrupted') continue;
    if (!latest || error.at > latest.at) latest = error;
  }
  return latest?.kind === 'network' ? 'unreachable' : 'online';
}
