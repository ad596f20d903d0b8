// What crosses the Electron bridge: one channel name and one object shape. Kept apart from the
// contract so that the preload bundles nothing else.

/** The one channel name the preload forwards; nothing else crosses the bridge. */
export const IPC_CHANNEL = 'siteoffice:api';

/** What the preload exposes on window.siteoffice. */
export interface PreloadBridge {
  invoke(command: string, input: unknown): Promise<unknown>;
}
