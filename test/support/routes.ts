import type { Express } from 'express';
import type { Capability } from '../../src/auth/roles.ts';

export interface DeclaredRoute {
  method: string;
  path: string;
  capability: Capability;
}

interface Layer {
  /** The path a router is mounted at (app.use(prefix, router)). */
  rawPath?: unknown;
  route?: { path: string; stack: { method: string; handle: { capability?: Capability } }[] };
  handle?: { stack?: Layer[] };
}

/** Every route mounted through route(capability, …) or definePage, read from the app's router. */
export function declaredRoutes(app: Express): DeclaredRoute[] {
  const found: DeclaredRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const handler of layer.route.stack) {
          if (handler.handle.capability)
            found.push({
              method: handler.method.toUpperCase(),
              path: prefix + (layer.route.path === '/' && prefix ? '' : layer.route.path),
              capability: handler.handle.capability,
            });
        }
      } else if (layer.handle?.stack) {
        const mountedAt = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mountedAt);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return found;
}
