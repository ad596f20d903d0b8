// The first session check (is there a project yet, who is signed in) is sent before Vue and the
// views are evaluated: main.ts imports this module first, so the round trip overlaps the start-up
// instead of following it. The session store takes the answer once; later loads ask again.
import { api } from '../api/client';

type SessionCheck = Promise<[Awaited<ReturnType<typeof api.setup.status>>, Awaited<ReturnType<typeof api.auth.me>>]>;

let pending: SessionCheck | null = Promise.all([api.setup.status(), api.auth.me()]);
// Handled later by the router's first guard; without this the browser would report a failed check
// (the database would not open) as an unhandled rejection before the guard gets to it.
pending.catch(() => undefined);

export function takeFirstSessionCheck(): SessionCheck | null {
  const check = pending;
  pending = null;
  return check;
}
