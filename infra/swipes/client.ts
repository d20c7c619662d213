import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { swipeRequestHeaders } from '../../server/src/adapters/http/swipeSignature.ts';
import { firstIntegration, readEnvFile } from './sample.ts';

export const SECRETS_FILE = fileURLToPath(new URL('../../var/secrets.env', import.meta.url));

/** The integration to post as: SWIPE_INTEGRATIONS from the environment, else from var/secrets.env. */
export function demoIntegration(): { id: string; secret: string } {
  const fromEnv = process.env.SWIPE_INTEGRATIONS;
  if (fromEnv) return firstIntegration(fromEnv);
  if (!existsSync(SECRETS_FILE))
    throw new Error(`no SWIPE_INTEGRATIONS and no ${SECRETS_FILE} (run infra/demo.sh once)`);
  return firstIntegration(readEnvFile(SECRETS_FILE).SWIPE_INTEGRATIONS);
}

/** Signs and posts a body to POST /api/v1/swipes; returns the status and the parsed answer. */
export async function postSigned(
  baseUrl: string,
  integration: { id: string; secret: string },
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  const raw = JSON.stringify(body);
  const res = await fetch(`${baseUrl}/api/v1/swipes`, {
    method: 'POST',
    headers: swipeRequestHeaders(integration.id, integration.secret, raw),
    body: raw,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed };
}
