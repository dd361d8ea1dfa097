/** The account's Durable Object namespaces: one per class a script's migrations created (deleted with the script). */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { type Fake, type FakeEnv, need } from './context';
import { okList } from './envelope';

export function durableObjectRoutes(fake: Fake): Hono<FakeEnv> {
  const app = new Hono<FakeEnv>();
  app.get('/', (c) => {
    need(c, 'Workers Scripts Read');
    const namespaces = [];
    for (const script of fake.account.scripts.values()) {
      for (const [className, { sqlite }] of script.doClasses) {
        namespaces.push({
          id: createHash('sha256').update(`${script.name}/${className}`).digest('hex').slice(0, 32),
          name: `${script.name}_${className}`,
          script: script.name,
          class: className,
          use_sqlite: sqlite,
        });
      }
    }
    return okList(namespaces);
  });
  return app;
}
