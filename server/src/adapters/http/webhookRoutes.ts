import express, { type Router } from 'express';
import { WebhookDeliveryQuery, type WebhookDeliveryDto } from '@clinicwall/contract';
import type { AlarmHttpDeps } from './alarmRoutes.ts';
import { checkAccess } from './actor.ts';
import { parseInput } from './parseInput.ts';

/** GET /webhooks/deliveries: the outbound delivery log, newest first (targets without credentials); admins only. */
export function createWebhookRouter(deps: AlarmHttpDeps): Router {
  const r = express.Router();
  r.get('/webhooks/deliveries', async (req, res) => {
    await checkAccess(req, 'audit.read', { kind: 'system' }); // every region's events: an admin's log
    const { limit } = parseInput(WebhookDeliveryQuery, req.query, 'deliveries query');
    const body: WebhookDeliveryDto[] = deps.deliveries.list(limit);
    res.json(body);
  });
  return r;
}
